"""Synthetic Vietnamese posts for the benchmark (``scripts/bench``) and for tests at scale.

:func:`generate_posts` makes N posts from a seed; the same seed always gives the same posts, so two
runs of the benchmark build the same bytes. The text is assembled from phrases of the
communication plans the product serves (shared/seeds: Ngọc Trạo, Lê Lợi, Thanh Hóa, Tân Sơn, Tam
Kỳ), one phrase bank per criterion of the Thanh Hóa catalog and one general bank.

A bank holds only its own criterion's catalog keywords and the general bank holds none, so a post
with ``criteria:`` never draws a keyword suggestion and a post without them is tagged by the same
keywords a real post would be: the build does the work it does on real posts.

:func:`write_corpus` writes the posts in the project's format (README, "Định dạng bài viết");
:func:`write_material_blog_corpus`, :func:`write_pelican_corpus` and :func:`write_hugo_corpus`
write the same posts (same files, titles, dates, bodies, drafts; criteria as categories or tags,
links between posts in each generator's own syntax) for Material for MkDocs' blog plugin, Pelican
and Hugo, so every generator builds the same content. This module only writes files: it never
imports MkDocs, Pelican or Hugo.
"""

from __future__ import annotations

import json
import posixpath
import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path, PurePosixPath

from wardnews.content.text import nfc, slugify

# Dates are written without an offset in our format (the unit's zone applies) and with +07:00 for
# Material, so both read the same instant.
VIETNAM = timezone(timedelta(hours=7))
LAST_DAY = date(2024, 12, 31)
# "One post every few days": three days on average, until the corpus would pass ten years; a
# larger corpus (a district gathering its wards' news) posts several times a day instead.
MEAN_GAP_DAYS = 3.0
MAX_SPAN_DAYS = 3650
UNIT = "Ngọc Trạo"
# Hugo's content folder for the posts; its permalink rule names the same folder.
HUGO_SECTION = "posts"
# A Markdown link to another post's file, as _body writes it ("[xem thêm](../2023/x.md)").
_POST_LINK = re.compile(r"\]\(([^()\s]+\.md)\)")

PLACES = (
    "Cao Sơn",
    "Trường Sơn",
    "Bình Sơn",
    "Nam Sơn",
    "Bắc Sơn",
    "Đông Sơn",
    "Tây Sơn",
    "Thành Công",
    "Đình Hương",
    "Ngọc Lan",
)
PRODUCTS = ("nem chua", "bánh gai", "chè lam", "mắm tép", "bánh cuốn", "giò chả", "bánh răng bừa")
MARKETS = ("dân sinh Ngọc Trạo", "Cao Sơn", "Trường Sơn", "đêm Bình Sơn")
AUTHORS = (
    "Nguyễn Thị Lan – Cán bộ Đài truyền thanh phường",
    "Lê Văn Hùng – Công chức Văn hóa - Xã hội",
    "Trịnh Thị Thu Hà – Công chức Văn phòng - Thống kê",
    "Phạm Minh Tuấn – Tổ trưởng tổ dân phố Cao Sơn",
    "Đỗ Thị Hồng Nhung – Bí thư Đoàn Thanh niên phường",
)
SOURCES = (
    "Báo Thanh Hóa",
    "Cổng thông tin điện tử tỉnh Thanh Hóa",
    "Đài Phát thanh và Truyền hình Thanh Hóa",
)
ORGANIZERS = (
    "UBND phường {unit}",
    "Đoàn Thanh niên phường",
    "Hội Liên hiệp Phụ nữ phường",
    "Chi hội Người cao tuổi phố {place}",
    "Công an phường",
    "Ban công tác Mặt trận phố {place}",
)
VENUES = (
    "nhà văn hóa phố {place}",
    "hội trường UBND phường",
    "trụ sở Công an phường",
    "sân nhà văn hóa phố {place}",
)
PEOPLE = (
    ("ông Trịnh Văn Dũng", "người dân phố {place}"),
    ("bà Lê Thị Nhàn", "hội viên Chi hội Người cao tuổi phố {place}"),
    ("chị Hoàng Thị Mai", "tiểu thương chợ dân sinh"),
    ("anh Nguyễn Văn Hải", "tổ trưởng tổ dân phố {place}"),
    ("cụ Phạm Văn Lộc", "người dân phố {place}"),
    ("chị Vũ Thị Thanh", "đoàn viên thanh niên phố {place}"),
)
QUALIFIERS = ("", " tháng {month}/{year}", " tháng {month}/{year}", " quý {quarter}/{year}")
HEADINGS = (
    "Nhiều cách làm thiết thực",
    "Những điều cần lưu ý",
    "Kết quả bước đầu",
    "Hướng dẫn từng bước",
    "Kế hoạch thời gian tới",
)


@dataclass(frozen=True)
class Topic:
    """The phrases of one criterion (``code``), or of no criterion (``code == ""``)."""

    code: str
    news_titles: tuple[str, ...]
    event_titles: tuple[str, ...]
    radio_topics: tuple[str, ...]
    sentences: tuple[str, ...]
    list_items: tuple[str, ...]
    quotes: tuple[str, ...]


# Each bank holds its own criterion's catalog keywords only (tests/test_synthetic.py checks it).
TOPICS: tuple[Topic, ...] = (
    Topic(
        code="1.10",
        news_titles=(
            "Tập huấn kỹ năng số cho cán bộ, công chức phường",
            "Cán bộ công chức phường thành thạo chữ ký số trong xử lý hồ sơ",
            "Phường {unit} đẩy mạnh xây dựng chính quyền số",
            "Bộ phận một cửa số hóa hồ sơ thủ tục hành chính",
            "Cán bộ, công chức phường thi tìm hiểu về chuyển đổi số",
        ),
        event_titles=(
            "Hội nghị tập huấn cán bộ về chuyển đổi số",
            "Hội thi cán bộ, công chức giỏi kỹ năng số",
        ),
        radio_topics=(
            "Cán bộ, công chức đi đầu trong chuyển đổi số",
            "Chữ ký số và văn bản điện tử trong cơ quan nhà nước",
            "Xây dựng chính quyền số từ cấp phường",
        ),
        sentences=(
            "Nâng cao nhận thức và kỹ năng số cho cán bộ, công chức, người lao động của cơ quan "
            "là nhiệm vụ đầu tiên trong kế hoạch của phường.",
            "Học viên được hướng dẫn sử dụng chữ ký số, hệ thống quản lý văn bản và điều hành, "
            "họp trực tuyến và bảo đảm an toàn thông tin khi làm việc trên máy tính.",
            "Mỗi cán bộ, công chức là một tuyên truyền viên về chuyển đổi số tại nơi sinh sống.",
            "Xây dựng chính quyền số giúp rút ngắn thời gian xử lý hồ sơ, giảm giấy tờ và chi "
            "phí cho người dân.",
            "Đến nay, văn bản đi của UBND phường đều được ký số và gửi trên môi trường mạng, trừ "
            "văn bản mật.",
            "Công chức bộ phận một cửa tiếp nhận, số hóa hồ sơ và trả kết quả điện tử ngay trong "
            "ngày với các thủ tục đơn giản.",
        ),
        list_items=(
            "sử dụng chữ ký số trên văn bản điện tử;",
            "khai thác hệ thống quản lý văn bản và điều hành;",
            "tổ chức họp trực tuyến, chia sẻ tài liệu an toàn;",
            "nhận diện thư điện tử giả mạo, mã độc;",
            "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        ),
        quotes=(
            "Cán bộ phải thành thạo trước thì mới hướng dẫn được người dân",
            "Ký số giúp văn bản đi nhanh hơn, không còn cảnh chờ trình ký cả buổi",
        ),
    ),
    Topic(
        code="2.1",
        news_titles=(
            "Hộ kinh doanh phố {place} đưa {product} lên sàn thương mại điện tử",
            "Tập huấn bán hàng trực tuyến cho tiểu thương chợ {market}",
            "Doanh nghiệp trên địa bàn phường dùng hợp đồng điện tử",
            "Đặc sản {product} của phố {place} có mặt trên sàn thương mại điện tử",
            "Hướng dẫn hộ kinh doanh phố {place} mở gian hàng trên mạng",
        ),
        event_titles=(
            "Phiên chợ giới thiệu sản phẩm trên môi trường mạng",
            "Diễn đàn hỏi đáp về kinh doanh trên môi trường mạng tại phố {place}",
        ),
        radio_topics=(
            "Hộ kinh doanh bán hàng trên môi trường mạng",
            "Mua sắm an toàn trên sàn thương mại điện tử",
            "Hợp đồng điện tử: nhanh, gọn, có giá trị pháp lý",
        ),
        sentences=(
            "Được hướng dẫn, nhiều hộ kinh doanh đã mở gian hàng trên sàn thương mại điện tử, "
            "chụp ảnh sản phẩm, niêm yết giá và đăng ký gửi hàng qua bưu điện.",
            "Bán hàng trực tuyến giúp các cơ sở sản xuất nhỏ tiếp cận khách hàng ở các tỉnh, "
            "thành phố mà không phải thuê thêm cửa hàng.",
            "Doanh nghiệp được khuyến khích sử dụng hợp đồng điện tử, hóa đơn điện tử để tiết "
            "kiệm thời gian, chi phí in ấn và lưu trữ.",
            "Người bán được nhắc tuân thủ quy định về an toàn thực phẩm, ghi nhãn hàng hóa và "
            "bảo vệ quyền lợi người tiêu dùng.",
            "Khách hàng hài lòng để lại đánh giá, nhờ vậy gian hàng có thêm khách mới.",
        ),
        list_items=(
            "chụp ảnh sản phẩm rõ nét, ghi đúng thông tin;",
            "niêm yết giá và phí vận chuyển;",
            "trả lời tin nhắn của khách hàng đúng hẹn;",
            "đóng gói cẩn thận, giao hàng qua bưu điện;",
            "giữ chữ tín, đổi trả hàng minh bạch.",
        ),
        quotes=(
            "Đơn hàng qua mạng nay chiếm gần một nửa sản lượng của gia đình",
            "Lúc đầu tôi ngại lắm, giờ khách ở xa đặt hàng mỗi ngày",
        ),
    ),
    Topic(
        code="3.1",
        news_titles=(
            "Ra mắt Tổ công nghệ số cộng đồng phố {place}",
            "Hỗ trợ người dân phố {place} kích hoạt tài khoản VNeID",
            "Đoàn viên hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến",
            "Lớp kỹ năng số cơ bản cho người lao động phố {place}",
            "Đăng ký khai sinh trực tuyến: nhanh và thuận tiện",
        ),
        event_titles=(
            "Ngày hội kỹ năng số cơ bản tại nhà văn hóa phố {place}",
            "Diễn đàn hỏi đáp về dịch vụ công trực tuyến",
        ),
        radio_topics=(
            "Tài khoản định danh điện tử VNeID và những tiện ích thiết thực",
            "Nộp hồ sơ trên Cổng dịch vụ công quốc gia",
            "Kỹ năng số cơ bản cho người lao động",
        ),
        sentences=(
            "Các thành viên Tổ công nghệ số cộng đồng cầm tay chỉ việc, hướng dẫn bà con cài đặt "
            "ứng dụng VNeID và kích hoạt tài khoản định danh điện tử mức độ 2.",
            "Người dân được hướng dẫn nộp hồ sơ dịch vụ công trực tuyến: đăng nhập, tìm đúng thủ "
            "tục, điền tờ khai, tải giấy tờ kèm theo và theo dõi kết quả.",
            "Lớp học tập trung vào kỹ năng số cơ bản: kết nối mạng không dây, tìm thông tin chính "
            "thống, bảo vệ mật khẩu và nhận diện tin giả.",
            "Tổ công nghệ số cộng đồng duy trì lịch hỗ trợ người dân vào tối thứ Năm hằng tuần tại "
            "nhà văn hóa phố.",
            "Người dân chỉ cài ứng dụng từ kho ứng dụng chính thức và không cung cấp mã xác thực "
            "cho bất kỳ ai.",
        ),
        list_items=(
            "đăng ký khai sinh, khai tử trực tuyến;",
            "thông báo lưu trú trên ứng dụng VNeID;",
            "chứng thực bản sao điện tử từ bản chính;",
            "tra cứu kết quả giải quyết hồ sơ;",
            "cập nhật thông tin cư trú.",
        ),
        quotes=(
            "Trước đây phải xin nghỉ làm để đi nộp hồ sơ, giờ ở nhà cũng làm được",
            "Được các cháu hướng dẫn tận tình nên tôi làm được ngay",
        ),
    ),
    Topic(
        code="3.2",
        news_titles=(
            "Tiểu thương chợ {market} treo mã QR, bán hàng không cần tiền lẻ",
            "Vận động người dân phố {place} mở tài khoản thanh toán",
            "Chi trả lương hưu, trợ cấp xã hội qua tài khoản thanh toán",
            "Nộp học phí, tiền điện, tiền nước bằng ví điện tử",
            "Phố {place} hưởng ứng thanh toán không dùng tiền mặt",
        ),
        event_titles=("Ngày hội thanh toán không dùng tiền mặt phường {unit}",),
        radio_topics=(
            "Trả tiền điện, tiền nước qua tài khoản ngân hàng",
            "Giữ an toàn cho tài khoản ngân hàng",
            "Thanh toán không dùng tiền mặt: lợi ích cho mọi nhà",
        ),
        sentences=(
            "Người mua chỉ cần quét mã QR bằng ứng dụng ngân hàng hoặc ví điện tử, nhập số tiền "
            "và xác nhận là xong.",
            "Nhận lương hưu, trợ cấp qua tài khoản thanh toán giúp người hưởng chủ động thời gian, "
            "không phải xếp hàng tại điểm chi trả.",
            "Người dân chưa có tài khoản có thể mang theo thẻ căn cước để được hướng dẫn mở tài "
            "khoản ngay tại chỗ.",
            "Thanh toán không dùng tiền mặt giúp giảm chi phí kiểm đếm, hạn chế tiền giả và sai "
            "sót.",
            "Tiểu thương được khuyến cáo thường xuyên kiểm tra tấm mã QR để tránh bị kẻ xấu dán đè "
            "mã khác.",
        ),
        list_items=(
            "kiểm tra đúng tên chủ tài khoản trước khi chuyển tiền;",
            "đặt hạn mức chuyển tiền trong ngày;",
            "không chia sẻ mật khẩu, mã xác thực;",
            "lưu biên lai điện tử để đối chiếu;",
            "báo ngay cho ngân hàng khi mất thẻ.",
        ),
        quotes=(
            "Nghe loa báo tiền về là yên tâm, cuối ngày đối chiếu cũng nhanh",
            "Không phải chờ người thu tiền đến tận nhà nữa",
        ),
    ),
    Topic(
        code="3.4",
        news_titles=(
            "Điện thoại thông minh đến gần hơn với người cao tuổi phố {place}",
            "Hội Phụ nữ trao tặng điện thoại thông minh cho hội viên khó khăn",
            "Người cao tuổi phố {place} học dùng điện thoại thông minh",
            "Phố {place}: mỗi hộ gia đình có ít nhất một điện thoại thông minh",
        ),
        event_titles=("Ngày hội “Điện thoại thông minh cho mọi nhà” tại phố {place}",),
        radio_topics=(
            "Nhận diện thủ đoạn lừa đảo qua điện thoại thông minh",
            "Dùng điện thoại thông minh để đọc tin chính thống",
        ),
        sentences=(
            "Các cụ được hướng dẫn cài đặt cỡ chữ lớn, lưu danh bạ, gọi video cho con cháu ở xa "
            "và đọc tin trên Trang thông tin điện tử phường.",
            "Điện thoại thông minh là công cụ để mỗi người dân tiếp cận các tiện ích số trong đời "
            "sống hằng ngày.",
            "Chương trình vận động các gia đình dành lại điện thoại thông minh cũ còn dùng tốt cho "
            "người thân cao tuổi.",
            "Người dùng được nhắc không bấm vào đường dẫn lạ và cập nhật phần mềm thường xuyên.",
        ),
        list_items=(
            "phóng to chữ, tăng âm lượng;",
            "gọi video qua Zalo;",
            "chặn cuộc gọi rác;",
            "sao lưu danh bạ, hình ảnh;",
            "cập nhật phần mềm thường xuyên.",
        ),
        quotes=(
            "Trước đây tôi chỉ dùng máy để nghe gọi, giờ tối nào cũng nói chuyện có hình với con",
            "Chiếc máy các cháu tặng giúp tôi đọc được tin tức của phường",
        ),
    ),
)
GENERAL = Topic(
    code="",
    news_titles=(
        "Phường {unit} ban hành Kế hoạch tuyên truyền về chuyển đổi số năm {year}",
        "Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10/{year}",
        "Treo mới băng rôn, pano tuyên truyền chuyển đổi số tại phố {place}",
        "Phường {unit} sơ kết công tác chuyển đổi số 6 tháng đầu năm {year}",
        "Tuyên truyền chuyển đổi số qua loa truyền thanh phố {place}",
        "Chi bộ phố {place} lồng ghép chuyển đổi số vào sinh hoạt định kỳ",
    ),
    event_titles=(
        "Hội nghị tổng kết công tác chuyển đổi số năm {year}",
        "Diễn đàn hỏi đáp về chuyển đổi số tại phố {place}",
        "Hội thi tìm hiểu về chuyển đổi số",
    ),
    radio_topics=(
        "Chuyển đổi số là gì, vì sao mỗi người dân cần tham gia?",
        "Nhìn lại hoạt động chuyển đổi số của phường",
        "Chuyển đổi số trong y tế, giáo dục",
    ),
    sentences=(
        "Hoạt động nằm trong Kế hoạch tuyên truyền về chuyển đổi số của phường, thực hiện Nghị "
        "quyết số 06-NQ/TU ngày 10/11/2021 của Ban Thường vụ Tỉnh ủy về chuyển đổi số tỉnh Thanh "
        "Hóa đến năm 2025, định hướng đến năm 2030.",
        "Nội dung tuyên truyền được đăng trên Trang thông tin điện tử phường và trang Zalo của các "
        "khu dân cư.",
        "Phường kết hợp nhiều hình thức như loa truyền thanh, băng rôn, pano, tờ gấp và mạng xã "
        "hội để thông tin đến được với mọi lứa tuổi.",
        "Công chức Văn phòng - Thống kê là đầu mối theo dõi, tổng hợp báo cáo kết quả thực hiện "
        "gửi UBND phường, UBND thành phố.",
        "Các tổ dân phố thường xuyên nắm bắt tình hình dư luận để kịp thời tháo gỡ những vướng "
        "mắc phát sinh.",
    ),
    list_items=(
        "treo băng rôn, khẩu hiệu tại các tuyến phố chính;",
        "phát tờ gấp đến từng hộ gia đình;",
        "đăng tin, bài trên Trang thông tin điện tử phường;",
        "lồng ghép vào buổi sinh hoạt chi bộ, tổ dân phố.",
    ),
    quotes=(
        "Thông tin ngắn gọn, dễ hiểu nên bà con trong phố ai cũng nắm được",
        "Nghe loa phát thanh buổi sáng, tôi biết thêm nhiều việc có thể làm trên mạng",
    ),
)
CLOSINGS = (
    "Thời gian tới, phường tiếp tục duy trì các hoạt động này, phấn đấu hoàn thành các chỉ tiêu "
    "chuyển đổi số năm {year}.",
    "Người dân cần hỗ trợ có thể liên hệ tổ trưởng tổ dân phố hoặc bộ phận một cửa của phường "
    "trong giờ hành chính.",
    "Ý kiến góp ý của bà con xin gửi về Ban biên tập Trang thông tin điện tử phường.",
)
_TOPIC_BY_CODE = {topic.code: topic for topic in TOPICS}


@dataclass(frozen=True)
class SyntheticPost:
    """One generated post; ``relpath`` is relative to the posts folder, e.g. '2024/a.md'."""

    relpath: str
    title: str
    date: datetime
    kind: str
    body: str
    criteria: tuple[str, ...] = ()
    author: str = ""
    summary: str = ""
    source: str = ""
    draft: bool = False
    airings: tuple[datetime, ...] = ()
    duration: int | None = None
    # Our format lets `kind: news` be left out; some posts write it, as editors do.
    write_kind: bool = True

    @property
    def slug(self) -> str:
        """The file name without its date: slugify(title), unique in the corpus."""
        return PurePosixPath(self.relpath).stem[len("YYYY-MM-DD-"):]


@dataclass
class _Draft:
    """A post's metadata before its body is written (bodies link to older posts)."""

    moment: datetime
    kind: str
    criteria: tuple[str, ...]
    topic_codes: tuple[str, ...]
    title: str = ""
    relpath: str = ""
    draft: bool = False


def generate_posts(count: int, seed: int = 2024) -> list[SyntheticPost]:
    """``count`` posts, newest first, the newest dated 2024-12-31; the same for the same seed."""
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    rng = random.Random(seed)
    drafts = [_plan_post(rng, moment) for moment in _moments(rng, count)]
    # Radio programmes move to the early slot of their day: keep the list newest first.
    drafts.sort(key=lambda draft: draft.moment, reverse=True)
    _name_posts(rng, drafts)
    posts = []
    for index, draft in enumerate(drafts):
        # Links go to older published posts (a link to a draft is a broken link) of the same
        # topic: the keyword rules also read the linked file name ("...-vneid.md" says 3.1).
        older = [
            drafts[j]
            for j in range(index + 1, min(index + 60, len(drafts)))
            if not drafts[j].draft and drafts[j].topic_codes[0] in draft.topic_codes
        ]
        target = rng.choice(older) if older and rng.random() < 0.2 else None
        posts.append(_finish_post(rng, draft, target))
    return posts


def _moments(rng: random.Random, count: int) -> list[datetime]:
    gap = min(MEAN_GAP_DAYS, MAX_SPAN_DAYS / count) if count else MEAN_GAP_DAYS
    moments = []
    back = 0.0
    for _ in range(count):
        day = LAST_DAY - timedelta(days=int(back))
        clock = time(rng.randint(7, 20), rng.choice((0, 15, 30, 45)))
        moments.append(datetime.combine(day, clock, tzinfo=VIETNAM))
        back += gap * rng.uniform(0.4, 1.6)
    return moments


def _plan_post(rng: random.Random, moment: datetime) -> _Draft:
    roll = rng.random()
    kind = "news" if roll < 0.6 else "radio" if roll < 0.9 else "event"
    codes = [topic.code for topic in TOPICS]
    roll = rng.random()
    if roll < 0.45:
        criteria: tuple[str, ...] = (rng.choice(codes),)
    elif roll < 0.7:
        criteria = tuple(sorted(rng.sample(codes, 2), key=codes.index))
    else:
        criteria = ()
    if criteria:
        topic_codes = criteria
    else:
        # Without criteria: a criterion's phrases (the build tags the post by keywords) or none.
        topic_codes = (rng.choice(codes),) if rng.random() < 0.6 else ("",)
    if kind == "radio":
        # Radio programmes go out on the morning loudspeaker slot.
        moment = moment.replace(hour=5, minute=30)
    return _Draft(moment, kind, criteria, topic_codes, draft=rng.random() < 0.01)


def _fill(template: str, rng: random.Random, moment: datetime) -> str:
    return template.format(
        unit=UNIT,
        place=rng.choice(PLACES),
        product=rng.choice(PRODUCTS),
        market=rng.choice(MARKETS),
        year=moment.year,
        month=moment.month,
        quarter=("I", "II", "III", "IV")[(moment.month - 1) // 3],
    )


def _name_posts(rng: random.Random, drafts: list[_Draft]) -> None:
    """Titles and file names; every slug unique, radio programmes numbered per year."""
    issue_of: dict[int, int] = {}
    last_issue: dict[int, int] = {}
    # Numbering runs forward in time, as the station numbers its programmes.
    for index in sorted(range(len(drafts)), key=lambda i: drafts[i].moment):
        year = drafts[index].moment.year
        if drafts[index].kind == "radio":
            last_issue[year] = issue_of[index] = last_issue.get(year, 0) + 1
    used: set[str] = set()
    repeats: dict[str, int] = {}
    for index, draft in enumerate(drafts):
        topic = _topic(draft.topic_codes[0])
        if draft.kind == "radio":
            subject = rng.choice(topic.radio_topics)
            number = f"{issue_of[index]:02d}/{draft.moment.year}"
            title = f"Chuyên mục Chuyển đổi số số {number}: {subject}"
        else:
            titles = topic.event_titles if draft.kind == "event" else topic.news_titles
            template = rng.choice(titles)
            if "{year}" not in template:
                # Real titles often carry their month; it also keeps repeated titles rare.
                template += rng.choice(QUALIFIERS[1:] if "{place}" not in template else QUALIFIERS)
            title = _fill(template, rng, draft.moment)
        title, slug = _unique(nfc(title), used, repeats)
        draft.title = title
        draft.relpath = f"{draft.moment.year}/{draft.moment:%Y-%m-%d}-{slug}.md"


def _unique(title: str, used: set[str], repeats: dict[str, int]) -> tuple[str, str]:
    """``title``, numbered "(2)", "(3)" ... when its slug is taken; ``repeats`` keeps the count
    per title so a title drawn a thousand times is not re-slugified a thousand times."""
    candidate = title
    while True:
        slug = slugify(candidate)
        if slug not in used:
            used.add(slug)
            return candidate, slug
        repeats[title] = number = repeats.get(title, 1) + 1
        candidate = f"{title} ({number})"
        if slugify(candidate) == slugify(title):
            # The number fell past the slug's length limit: put it in front instead.
            candidate = f"Tin số {number}: {title}"


def _topic(code: str) -> Topic:
    return _TOPIC_BY_CODE.get(code, GENERAL)


def _finish_post(rng: random.Random, draft: _Draft, target: _Draft | None) -> SyntheticPost:
    topics = [_topic(code) for code in draft.topic_codes]
    moment = draft.moment
    airings: tuple[datetime, ...] = ()
    duration = None
    if draft.kind == "radio":
        duration = rng.choice((10, 12, 12, 13, 15))
        slots = [moment.replace(hour=6, minute=0) + timedelta(days=2 * n) for n in range(3)]
        airings = tuple(slot.replace(hour=17) if n % 2 else slot for n, slot in enumerate(slots))[
            : rng.choice((2, 3, 3))
        ]
    body = _body(rng, draft, topics, airings, duration, target)
    summary = ""
    if rng.random() < 0.15:
        summary = rng.choice(topics[0].sentences)
    author = rng.choice(AUTHORS) if rng.random() < 0.9 else ""
    source = rng.choice(SOURCES) if draft.kind == "news" and rng.random() < 0.03 else ""
    return SyntheticPost(
        relpath=draft.relpath,
        title=draft.title,
        date=moment,
        kind=draft.kind,
        body=nfc(body),
        criteria=draft.criteria,
        author=author,
        summary=nfc(summary),
        source=source,
        draft=draft.draft,
        airings=airings,
        duration=duration,
        write_kind=draft.kind != "news" or rng.random() < 0.5,
    )


def _body(
    rng: random.Random,
    draft: _Draft,
    topics: list[Topic],
    airings: tuple[datetime, ...],
    duration: int | None,
    target: _Draft | None,
) -> str:
    moment = draft.moment
    place = rng.choice(PLACES)
    sentences = [s for topic in topics for s in topic.sentences]
    paragraphs: list[str] = []
    if draft.kind == "radio":
        subject = draft.title.split(": ", 1)[-1]
        paragraphs.append(
            f"Chuyên mục Chuyển đổi số tuần này dành cho chủ đề “{subject}”. "
            + " ".join(rng.sample(sentences, 2))
        )
        times = ", ".join(
            f"{'6 giờ sáng' if a.hour == 6 else '17 giờ chiều'} ngày {a.day}/{a.month}"
            for a in airings
        )
        paragraphs.append(
            f"Chương trình dài {duration} phút, phát trên hệ thống loa truyền thanh của phường và "
            f"10 phố vào lúc {times}; nội dung được đăng lại trên Trang thông tin điện tử phường."
        )
    else:
        day = moment - timedelta(days=rng.choice((0, 1, 2)))
        when = rng.choice(("Sáng", "Chiều", "Tối", "Ngày"))
        organizer = rng.choice(ORGANIZERS).format(unit=UNIT, place=place)
        venue = rng.choice(VENUES).format(place=place)
        paragraphs.append(
            f"{when} {day.day}/{day.month}, tại {venue}, {organizer} tổ chức hoạt động "
            f"“{draft.title}”. " + rng.choice(sentences)
        )
    if rng.random() < 0.3:
        paragraphs.append("<!-- more -->")
    paragraphs.append(" ".join(rng.sample(sentences, min(len(sentences), rng.choice((2, 3))))))
    if rng.random() < 0.25:
        items = [item for topic in topics for item in topic.list_items]
        picked = rng.sample(items, min(len(items), rng.choice((3, 4))))
        chosen = [item.rstrip(";.") for item in picked]
        paragraphs.append(f"### {rng.choice(HEADINGS)}")
        paragraphs.append(";\n".join(f"- {item}" for item in chosen) + ".")
    if rng.random() < 0.5:
        person, role = rng.choice(PEOPLE)
        quote = rng.choice([q for topic in topics for q in topic.quotes])
        paragraphs.append(f"“{quote}”, {person}, {role.format(place=place)}, chia sẻ.")
    paragraphs.append(
        rng.choice(GENERAL.sentences) + " " + rng.choice(CLOSINGS).format(year=moment.year)
    )
    if target is not None:
        link = _relative_link(draft.relpath, target.relpath)
        paragraphs.append(
            rng.choice(
                (
                    f"Bạn đọc có thể [xem thêm]({link}) bài viết cùng chủ đề.",
                    f"Tin liên quan: [xem thêm]({link}).",
                )
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def _relative_link(from_relpath: str, to_relpath: str) -> str:
    here = PurePosixPath(from_relpath).parent
    there = PurePosixPath(to_relpath)
    if there.parent == here:
        return there.name
    up = "../" * len(here.parts)
    return f"{up}{there}"


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and '#' stay literal.
    return json.dumps(text, ensure_ascii=False)


def _local(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def render_post(post: SyntheticPost) -> str:
    """The post in the project's format (README, "Định dạng bài viết")."""
    lines = ["---", f"title: {_quoted(post.title)}", f"date: {_local(post.date)}"]
    if post.author:
        lines.append(f"author: {post.author}")
    if post.criteria:
        lines.append(f"criteria: [{', '.join(_quoted(code) for code in post.criteria)}]")
    if post.summary:
        lines.append(f"summary: {_quoted(post.summary)}")
    if post.source:
        lines.append(f"source: {post.source}")
    if post.write_kind:
        lines.append(f"kind: {post.kind}")
    if post.duration is not None:
        lines.append(f"duration: {post.duration}")
    if post.airings:
        lines.append(f"airings: [{', '.join(_local(a) for a in post.airings)}]")
    if post.draft:
        lines.append("draft: true")
    lines.append("---")
    return "\n".join(lines) + "\n" + post.body


def _yaml_post(entries: list[tuple[str, object]], body: str) -> str:
    """YAML front matter then ``body``: strings quoted, lists as block sequences; an empty
    value (``""``, ``()``, ``None``, ``False``) leaves its key out."""
    lines = ["---"]
    for key, value in entries:
        if value in ("", (), None, False):
            continue
        if isinstance(value, tuple):
            lines.append(f"{key}:")
            lines.extend(f"  - {_quoted(item)}" for item in value)
        elif isinstance(value, str) and not isinstance(value, _Raw):
            lines.append(f"{key}: {_quoted(value)}")
        else:
            lines.append(f"{key}: {'true' if value is True else value}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


class _Raw(str):
    """A front matter value written as is (an ISO date must not be quoted: YAML reads it)."""


def render_material_post(post: SyntheticPost) -> str:
    """The same post for Material's blog plugin: ISO date, criteria as categories."""
    entries: list[tuple[str, object]] = [
        ("title", post.title),
        ("date", _Raw(post.date.isoformat())),
        ("categories", post.criteria),
        # Material and mkdocs-rss-plugin read the page description from `description`.
        ("description", post.summary),
        ("draft", post.draft),
    ]
    return _yaml_post(entries, post.body)


def render_hugo_post(post: SyntheticPost) -> str:
    """The same post for Hugo: YAML front matter, criteria as tags, the kind as category.

    Links to other posts become ``relref`` shortcodes from the content root (Hugo leaves a plain
    ``.md`` link as it is, and fails the build when a ``relref`` target is missing).
    """
    entries: list[tuple[str, object]] = [
        ("title", post.title),
        ("date", _Raw(post.date.isoformat())),
        ("slug", post.slug),
        ("tags", post.criteria),
        ("categories", (post.kind,)),
        ("summary", post.summary),
        ("draft", post.draft),
    ]
    body = _retarget_links(post, lambda path: f'{{{{< relref "/{HUGO_SECTION}/{path}" >}}}}')
    return _yaml_post(entries, body)


def render_pelican_post(post: SyntheticPost) -> str:
    """The same post for Pelican's Markdown reader: ``Key: value`` lines, a blank line, the body.

    Dates are local (Pelican reads them in its TIMEZONE); drafts carry ``Status: draft``; links to
    other posts use Pelican's ``{filename}`` syntax from the content root.
    """
    lines = [f"Title: {post.title}", f"Date: {_local(post.date)}"]
    if post.criteria:
        lines.append(f"Tags: {', '.join(post.criteria)}")
    lines += [f"Category: {post.kind}", f"Slug: {post.slug}"]
    if post.summary:
        lines.append(f"Summary: {post.summary}")
    if post.draft:
        lines.append("Status: draft")
    body = _retarget_links(post, lambda path: "{filename}/" + path)
    return "\n".join(lines) + "\n\n" + body


def _retarget_links(post: SyntheticPost, target) -> str:
    """``post.body`` with each link to another post's file given as ``target(relpath)``,
    ``relpath`` being that post's path relative to the posts folder."""
    here = PurePosixPath(post.relpath).parent

    def replace(match: re.Match) -> str:
        linked = posixpath.normpath(str(here / match.group(1)))
        return f"]({target(linked)})"

    return _POST_LINK.sub(replace, post.body)


def _write(root: Path, posts: list[SyntheticPost], render) -> list[Path]:
    written = []
    for post in posts:
        file = root / post.relpath
        file.parent.mkdir(parents=True, exist_ok=True)
        # Bytes, not text mode: LF line ends on every platform, so a seed gives the same bytes.
        file.write_bytes(render(post).encode("utf-8"))
        written.append(file)
    return written


def write_corpus(posts_dir: Path, count: int, seed: int = 2024) -> list[Path]:
    """Write ``count`` posts under ``posts_dir`` (posts/YYYY/YYYY-MM-DD-slug.md), newest first."""
    return _write(Path(posts_dir), generate_posts(count, seed), render_post)


def write_material_blog_corpus(docs_dir: Path, count: int, seed: int = 2024) -> list[Path]:
    """Write the same posts as :func:`write_corpus` for Material's blog plugin.

    Posts go to ``docs_dir/blog/posts/`` with the same relative paths (so links between posts
    resolve alike); ``docs_dir/blog/index.md``, the blog's entry page, is written when missing.
    """
    blog = Path(docs_dir) / "blog"
    blog.mkdir(parents=True, exist_ok=True)
    index = blog / "index.md"
    if not index.exists():
        index.write_bytes("# Tin tức\n".encode())
    return _write(blog / "posts", generate_posts(count, seed), render_material_post)


def write_pelican_corpus(content_dir: Path, count: int, seed: int = 2024) -> list[Path]:
    """Write the same posts for Pelican, at the same relative paths under ``content_dir``."""
    return _write(Path(content_dir), generate_posts(count, seed), render_pelican_post)


def write_hugo_corpus(content_dir: Path, count: int, seed: int = 2024) -> list[Path]:
    """Write the same posts for Hugo under ``content_dir/posts/``, at the same relative paths."""
    return _write(Path(content_dir) / HUGO_SECTION, generate_posts(count, seed), render_hugo_post)
