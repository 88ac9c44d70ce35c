document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector(".wn-share");
  var button = box && box.querySelector(".wn-share-button");
  var status = box && box.querySelector(".wn-share-status");
  if (!button || !status) return;
  var url = button.getAttribute("data-url") || location.href.split("#")[0];
  var heading = document.querySelector("article h1");
  var title = heading ? heading.textContent : document.title;
  function say(text) { status.textContent = text; }
  function copyByCommand() {
    var field = document.createElement("textarea");
    field.value = url;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(field);
    say(done ? "Đã chép địa chỉ bài: " + url : "Hãy chép địa chỉ này để chia sẻ: " + url);
  }
  function copy() {
    if (!navigator.clipboard || !navigator.clipboard.writeText) return copyByCommand();
    navigator.clipboard.writeText(url).then(function () {
      say("Đã chép địa chỉ bài: " + url);
    }, copyByCommand);
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    if (!navigator.share) return copy();
    navigator.share({ title: title, url: url }).then(function () {
      say("Đã chia sẻ.");
    }, function (error) {
      if (!error || error.name !== "AbortError") copy();
    });
  });
});
