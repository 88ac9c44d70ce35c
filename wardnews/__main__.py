import sys

from wardnews.cli import main

sys.exit(main())
