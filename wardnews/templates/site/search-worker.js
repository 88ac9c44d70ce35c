// wardnews' search worker, in place of the theme's (same messages: setup 0, ready 1, query 2,
// result 3). The theme's index holds where the split index is (config.wardnews, written by
// wardnews/site/search_index.py); a query fetches one term file per word and the document files
// of the best results, whatever the size of the archive.
"use strict";
var MAX_RESULTS = 20, MAX_WORDS = 8, PAUSE_MS = 250;
var root = new URL("../../../", self.location.href);
var split = null, files = {}, latest = 0;

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d")
    .toLowerCase();
}

function words(text) {
  return (fold(text).match(/[\p{L}\p{N}_]+/gu) || []).filter(function (w) { return w.length <= 40; });
}

function termFile(term, count) {  // FNV-1a over code points, as search_index.term_file
  var value = 0x811c9dc5;
  for (var char of term) value = Math.imul(value ^ char.codePointAt(0), 0x01000193) >>> 0;
  return value % count;
}

function load(template, number, empty) {
  var path = template.replace("{}", String(number));
  if (!files[path]) {
    files[path] = fetch(new URL(path, root)).then(function (response) {
      return response.ok ? response.json() : empty;
    }).catch(function () { delete files[path]; return empty; });
  }
  return files[path];
}

function postings(term) {  // document number -> 1 when the word is in its title, else 0
  return load(split.terms, termFile(term, split.term_files), {}).then(function (group) {
    var found = new Map(), value = 0;
    (Object.prototype.hasOwnProperty.call(group, term) ? group[term] : []).forEach(function (step) {
      value += step;
      found.set(value >> 1, value & 1);
    });
    return found;
  });
}

function mark(markup, wanted) {  // <mark> the words of the query in escaped text
  return markup.split(/(<[^>]*>)/).map(function (part, i) {
    if (i % 2) return part;
    return part.replace(/&[#\w]+;|[\p{L}\p{N}_]+/gu, function (word) {
      return word[0] !== "&" && wanted.has(fold(word)) ? "<mark>" + word + "</mark>" : word;
    });
  }).join("");
}

function search(query) {
  var wanted = Array.from(new Set(words(query))).slice(0, MAX_WORDS);
  if (!split || !wanted.length) return Promise.resolve({ items: [] });
  return Promise.all(wanted.map(postings)).then(function (lists) {
    var scored = [];
    lists[0].forEach(function (title, number) {
      var score = 0;
      for (var list of lists) {
        if (!list.has(number)) return;
        score += list.get(number) ? 3 : 1;
      }
      scored.push([number, score]);
    });
    scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    scored = scored.slice(0, MAX_RESULTS);
    var per = split.docs_per_file, terms = {};
    wanted.forEach(function (term) { terms[term] = true; });
    return Promise.all(scored.map(function (hit) {
      return load(split.docs, Math.floor(hit[0] / per), []).then(function (docs) {
        var doc = docs[hit[0] % per], set = new Set(wanted);
        if (!doc) return null;
        return [{ location: doc[0], title: mark(doc[1], set), text: mark(doc[2], set),
                  score: hit[1], terms: terms }];
      });
    })).then(function (items) { return { items: items.filter(Boolean) }; });
  });
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    split = (message.data.config || {}).wardnews || null;
    postMessage({ type: 1 });
  } else if (message.type === 2) {
    // The theme sends a query at every key: only one that stays the last for a moment is
    // looked up, so typing a word does not fetch the files of each of its beginnings.
    var number = ++latest;
    setTimeout(function () {
      if (number !== latest) return;
      search(String(message.data)).catch(function () { return { items: [] }; })
        .then(function (result) { if (number === latest) postMessage({ type: 3, data: result }); });
    }, PAUSE_MS);
  }
});
