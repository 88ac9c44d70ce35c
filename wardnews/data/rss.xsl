<?xml version="1.0" encoding="UTF-8"?>
<!--
  wardnews: shows an RSS 2.0 feed of the section as a readable Vietnamese page when a resident
  opens it in a browser. Feed readers and portals ignore it. Everything from the feed is written
  with xsl:value-of (escaped text): no markup from a post reaches this page.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="vi">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title"/> (RSS)</title>
        <style>
          body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
                 color: #1a1a1a; background: #f5f6fa; margin: 0; }
          main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
          .about { background: #fff8e1; border-left: 4px solid #f9a825; padding: .75rem 1rem;
                   border-radius: 4px; }
          .about h2 { margin-top: 0; font-size: 1.05rem; }
          code { background: #eceff1; padding: .1rem .3rem; border-radius: 3px;
                 word-break: break-all; }
          h1 { font-size: 1.4rem; color: #283593; }
          ol { list-style: none; padding: 0; }
          li { background: #fff; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0;
               box-shadow: 0 1px 2px rgba(0, 0, 0, .08); }
          li a { font-weight: 600; color: #283593; text-decoration: none; font-size: 1.05rem; }
          li a:hover { text-decoration: underline; }
          .meta { color: #555; font-size: .875rem; margin: .25rem 0; }
          .summary { margin: .25rem 0 0; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="rss/channel/title"/></h1>
          <section class="about">
            <h2>Đây là nguồn tin RSS</h2>
            <p>Trang này dành cho phần mềm đọc tin và cổng thông tin của huyện, tỉnh: chúng tự
              động lấy tin mới của chuyên mục mỗi khi có bài đăng. Để theo dõi, hãy chép địa chỉ
              dưới đây vào ứng dụng đọc tin (Feedly, Inoreader, Thunderbird ...) hoặc vào phần
              "nguồn tin RSS" của cổng thông tin điện tử:</p>
            <p><code><xsl:value-of select="rss/channel/atom:link[@rel='self']/@href"/></code></p>
            <p>Muốn đọc tin ngay? Mở
              <a href="{rss/channel/link}">trang chuyên mục</a>.</p>
          </section>
          <h2>Tin mới nhất</h2>
          <ol>
            <xsl:for-each select="rss/channel/item">
              <li>
                <a href="{link}"><xsl:value-of select="title"/></a>
                <p class="meta">
                  <xsl:call-template name="date-vi">
                    <xsl:with-param name="rfc822" select="pubDate"/>
                  </xsl:call-template>
                  <xsl:if test="dc:creator">
                    <xsl:text> · </xsl:text><xsl:value-of select="dc:creator"/>
                  </xsl:if>
                </p>
                <xsl:if test="category">
                  <p class="meta">
                    <xsl:text>Tiêu chí: </xsl:text>
                    <xsl:for-each select="category">
                      <xsl:if test="position() &gt; 1"><xsl:text>; </xsl:text></xsl:if>
                      <xsl:value-of select="."/>
                    </xsl:for-each>
                  </p>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ol>
          <xsl:if test="not(rss/channel/item)">
            <p>Chưa có bài nào.</p>
          </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- 'Tue, 09 Jan 2024 17:30:00 +0700' -> '09/01/2024 17:30', as Vietnamese portals write it. -->
  <xsl:template name="date-vi">
    <xsl:param name="rfc822"/>
    <xsl:variable name="rest" select="normalize-space(substring-after($rfc822, ','))"/>
    <xsl:variable name="day" select="substring-before($rest, ' ')"/>
    <xsl:variable name="after-day" select="substring-after($rest, ' ')"/>
    <xsl:variable name="month-name" select="substring-before($after-day, ' ')"/>
    <xsl:variable name="after-month" select="substring-after($after-day, ' ')"/>
    <xsl:variable name="year" select="substring-before($after-month, ' ')"/>
    <xsl:variable name="time" select="substring(substring-after($after-month, ' '), 1, 5)"/>
    <xsl:variable name="month"
      select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $month-name)) div 3 + 1"/>
    <xsl:value-of select="concat(format-number($day, '00'), '/', format-number($month, '00'), '/', $year, ' ', $time)"/>
  </xsl:template>
</xsl:stylesheet>
