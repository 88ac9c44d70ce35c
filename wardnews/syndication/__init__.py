"""What leaves the site for other sites: feeds (RSS, Atom, JSON Feed), the sanitiser they go
through, banners, the widget and the embed-kit page."""
