/* wardnews: starts Decap CMS with the configuration wardnews generated (data-config), the
   Vietnamese strings Decap lacks, the site's stylesheets in the preview, and the local proxy's
   port (scripts/edit adds ?proxy=PORT to the address). Runs before the bundle. */
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;
  var me = document.currentScript;
  if (!me) return;
  var styles = (me.getAttribute("data-preview-styles") || "").split(" ").filter(Boolean);

  // Every key of Decap's English locale that its Vietnamese locale (decap-cms-locales) lacks.
  var VI = {
    auth: {
      loginWithAzure: "Đăng nhập bằng Azure",
      loginWithForgejo: "Đăng nhập bằng Forgejo"
    },
    collection: {
      collectionTop: {
        viewAsList: "Xem dạng danh sách",
        viewAsGrid: "Xem dạng lưới",
        groupBy: "Nhóm theo"
      },
      entries: { unpublishedHeader: "Bài chưa đăng" },
      groups: { other: "Khác", negateLabel: "Không %{label}" }
    },
    editor: {
      editorControl: { field: { widgetLabel: "Ô %{widgetLabel}" } },
      editorControlPane: {
        i18n: {
          writingInLocale: "Đang viết bằng %{locale}",
          copyFromLocale: "Điền từ ngôn ngữ khác",
          copyFromLocaleConfirm:
            "Bạn có muốn điền dữ liệu từ ngôn ngữ %{locale}?\nMọi nội dung hiện có sẽ bị ghi đè."
        }
      },
      editorInterface: {
        toggleI18n: "Bật/tắt đa ngôn ngữ",
        togglePreview: "Bật/tắt xem trước",
        toggleScrollSync: "Cuộn đồng bộ",
        toggleNotes: "Bật/tắt ghi chú"
      },
      editorNotesPane: {
        title: "Ghi chú",
        emptyState: "Chưa có ghi chú. Thêm ghi chú đầu tiên ở dưới để cùng trao đổi.",
        addNote: "Thêm ghi chú",
        addPlaceholder: "Thêm một ghi chú...",
        editPlaceholder: "Sửa ghi chú...",
        save: "Lưu",
        cancel: "Hủy",
        edit: "Sửa",
        delete: "Xóa",
        resolve: "Đã xong",
        unresolve: "Mở lại",
        confirmDelete: "Bạn có chắc muốn xóa ghi chú này?",
        shortcut: "Mẹo: bấm Ctrl+Enter để thêm ghi chú nhanh"
      },
      editorToolbar: {
        statusInfoTooltipDraft:
          "Bài đang là bản nháp. Để hoàn tất và gửi duyệt, hãy chuyển trạng thái sang ‘Đang duyệt’",
        statusInfoTooltipInReview:
          "Bài đang được duyệt, không cần làm gì thêm. Bạn vẫn có thể sửa bài trong lúc chờ duyệt."
      },
      editorWidgets: {
        markdown: {
          bold: "Chữ đậm",
          italic: "Chữ nghiêng",
          strikethrough: "Gạch ngang",
          code: "Mã",
          link: "Liên kết",
          linkPrompt: "Nhập địa chỉ của liên kết",
          headings: "Tiêu đề",
          quote: "Trích dẫn",
          bulletedList: "Danh sách chấm đầu dòng",
          numberedList: "Danh sách đánh số",
          addComponent: "Thêm thành phần",
          toggleMode: {
            rich: "Chuyển sang chế độ soạn thảo trực quan",
            markdown: "Chuyển sang chế độ Markdown"
          }
        },
        image: {
          chooseMultiple: "Chọn ảnh",
          chooseUrl: "Chèn từ địa chỉ web",
          replaceUrl: "Thay bằng địa chỉ web",
          promptUrl: "Nhập địa chỉ của ảnh",
          addMore: "Thêm ảnh",
          removeAll: "Xóa mọi ảnh"
        },
        file: {
          chooseUrl: "Chèn từ địa chỉ web",
          chooseMultiple: "Chọn tệp",
          replaceUrl: "Thay bằng địa chỉ web",
          promptUrl: "Nhập địa chỉ của tệp",
          addMore: "Thêm tệp",
          removeAll: "Xóa mọi tệp"
        },
        datetime: { setToNow: "Đặt %{fieldLabel} là bây giờ" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở rộng", collapse: "Thu gọn" }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: "Chép",
        copyUrl: "Chép địa chỉ",
        copyPath: "Chép đường dẫn",
        copyName: "Chép tên",
        copied: "Đã chép"
      },
      mediaLibraryModal: { close: "Đóng" }
    },
    ui: {
      settingsDropdown: { account: "Tùy chọn tài khoản" },
      toast: {
        noteAdded: "Đã thêm ghi chú",
        onFailToAddNote: "Không thêm được ghi chú: %{details}",
        noteUpdated: "Đã sửa ghi chú",
        onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
        noteDeleted: "Đã xóa ghi chú",
        onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
        noteResolved: "Ghi chú đã xong",
        noteReopened: "Đã mở lại ghi chú",
        onFailToToggleNote: "Không đổi được trạng thái ghi chú: %{details}"
      }
    }
  };

  // Decap's Vietnamese strings that are wrong: these replace them.
  var FIXES = { editor: { editorToolbar: { status: "Trạng thái: %{status}" } } };

  // Decap's own strings win where they exist (unless ``replace``); ours fill the gaps.
  function fill(target, extra, replace) {
    var out = {};
    Object.keys(target || {}).forEach(function (key) { out[key] = target[key]; });
    Object.keys(extra).forEach(function (key) {
      var mine = extra[key];
      if (mine && typeof mine === "object") out[key] = fill(out[key], mine, replace);
      else if (replace || out[key] === undefined) out[key] = mine;
    });
    return out;
  }

  // The preview as the site shows a post: the theme's typeset class, the title, the date, the
  // criteria as the site's badges, the body. window.h and window.createClass come with Decap.
  function postPreview() {
    var h = window.h;
    return window.createClass({
      render: function () {
        var data = this.props.entry.get("data");
        var criteria = data.get("criteria");
        var codes = criteria && criteria.toJS ? criteria.toJS() : [];
        var cover = data.get("image") ? this.props.getAsset(data.get("image")) : null;
        return h("article", { className: "md-typeset wn-preview", lang: "vi", style: { padding: "0 1rem" } },
          h("h1", null, data.get("title") || ""),
          h("p", { className: "wn-meta" }, data.get("date") || ""),
          codes.length ? h("p", { className: "wn-badges" }, codes.map(function (code) {
            return h("span", { className: "wn-badge", key: code }, "Tiêu chí " + code);
          })) : null,
          cover ? h("img", { src: cover.toString(), alt: data.get("image_alt") || "" }) : null,
          this.props.widgetFor("body"));
      }
    });
  }

  function start() {
    var CMS = window.CMS;
    if (!CMS) return;
    CMS.registerLocale("vi", fill(fill(CMS.getLocale("vi"), VI, false), FIXES, true));
    styles.forEach(function (href) { CMS.registerPreviewStyle(href); });
    if (window.h && window.createClass) CMS.registerPreviewTemplate("posts", postPreview());
    var config = JSON.parse(me.getAttribute("data-config"));
    config.load_config_file = false;
    var query = new URLSearchParams(window.location.search);
    var port = query.get("proxy");
    var branch = query.get("branch");
    if (port && /^[0-9]{2,5}$/.test(port)) {
      config.local_backend = { url: "http://127.0.0.1:" + port + "/api/v1" };
      if (branch && /^[A-Za-z0-9._\/-]+$/.test(branch)) config.backend.branch = branch;
    }
    CMS.init({ config: config });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
