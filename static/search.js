// errbook search engine for the browser: the same tiers and scores as
// `errbook search` (src/search), over the sharded index in search/.
// Shards are scripts (`errbookShard(name, data)`), loaded by <script>
// because fetch() does not work from file://. Only the shards a query
// needs are loaded, each once. The functions below mirror their Rust
// namesakes; keep them in step (a browser test compares the two). The
// values they share with the Rust side (tier scores, key length, longest
// word, English endings, CJK ranges) come from the index's meta shard,
// never from copies here.
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  var base = here ? here.replace(/static\/search\.js(\?.*)?$/, "search/") : "search/";
  var shards = {};   // name -> data, once loaded
  var waiting = {};  // name -> [resolve]
  var loadedFiles = [];
  var encoder = new TextEncoder();

  window.errbookShard = function (name, data) {
    shards[name] = data;
  };

  // The single-file bundle carries the whole index in one JSON block
  // (shard name -> data), read at the first search; a shard it lacks is
  // empty, as a missing file is.
  var inline = document.querySelector("script#errbook-index[type='application/json']");
  var inlineShards = null;

  function load(name) {
    if (Object.prototype.hasOwnProperty.call(shards, name)) return Promise.resolve(shards[name]);
    if (inline) {
      if (!inlineShards) inlineShards = JSON.parse(inline.textContent);
      shards[name] = Object.prototype.hasOwnProperty.call(inlineShards, name) ? inlineShards[name] : null;
      return Promise.resolve(shards[name]);
    }
    if (waiting[name]) return new Promise(function (resolve) { waiting[name].push(resolve); });
    waiting[name] = [];
    return new Promise(function (resolve) {
      waiting[name].push(resolve);
      var script = document.createElement("script");
      script.src = base + name + ".js";
      loadedFiles.push(name + ".js");
      var done = function () {
        // A shard with no keys is never written: missing means empty.
        if (!Object.prototype.hasOwnProperty.call(shards, name)) shards[name] = null;
        var list = waiting[name];
        delete waiting[name];
        list.forEach(function (r) { r(shards[name]); });
        script.remove();
      };
      script.onload = done;
      script.onerror = done;
      document.head.appendChild(script);
    });
  }

  function fnv1a(text) {
    var bytes = encoder.encode(text), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  // The meta shard, and its `engine` values (web::engine_values), which
  // every function below reads: search() loads them first.
  var meta = null, engine = null, CJK = null, CJK_ALL = null;
  function ready() {
    return meta ? Promise.resolve(meta) : load("meta").then(function (m) {
      if (!m || m.format !== 2) throw new Error("errbook: search index missing or of another version");
      var ranges = m.engine.cjk.map(function (r) {
        return "\\u{" + r[0].toString(16) + "}-\\u{" + r[1].toString(16) + "}";
      }).join("");
      CJK = new RegExp("[" + ranges + "]", "u");
      CJK_ALL = new RegExp("[" + ranges + "]", "gu");
      engine = m.engine;
      meta = m;
      return m;
    });
  }

  // The value under `key` in namespace `ns`, or undefined.
  function lookup(ns, key) {
    var count = meta.shards[ns] || 1;
    return load(ns + "/" + (fnv1a(key) % count)).then(function (data) {
      return data && Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
    });
  }

  function chars(s) { return Array.from(s); }
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var NOT_ALNUM = /[^\p{Alphabetic}\p{N}]+/u;
  function isAlnum(c) { return ALNUM.test(c); }
  // crate::text::is_cjk, true if any character of `c` is CJK
  function isCjk(c) { return CJK.test(c); }

  // ids::is_separator, ids::compact
  function compact(upper) { return upper.replace(/[-_ ]/g, ""); }
  var DELIMITERS = "[](),;:'\"<>=#`";
  function isNumber(t) { return /^[0-9]+$/.test(t); }

  // ids::code_tokens: [{text, strong}]
  function codeTokens(query) {
    var spans = [], start = -1, keep = /[\p{Alphabetic}\p{N}{}]/u;
    var cs = Array.from(query), at = 0, offsets = [];
    cs.forEach(function (c) { offsets.push(at); at += c.length; });
    offsets.push(at);
    for (var i = 0; i <= cs.length; i++) {
      var ends = i === cs.length || /\s/.test(cs[i]) || DELIMITERS.indexOf(cs[i]) >= 0;
      if (!ends && start < 0) start = i;
      else if (ends && start >= 0) {
        var first = start, last = i - 1;
        while (first <= last && !keep.test(cs[first])) first++;
        while (last >= first && !keep.test(cs[last])) last--;
        if (first <= last) spans.push([offsets[first], offsets[last + 1]]);
        start = -1;
      }
    }
    var text = function (s) { return query.slice(s[0], s[1]); };
    var long = function (s) { return chars(text(s)).length >= engine.key_chars; };
    var singleWord = spans.filter(long).length === 1 && !/\s/.test(query.trim());
    var out = [];
    var push = function (t, strong) {
      var found = out.filter(function (o) { return o.text === t; })[0];
      if (found) found.strong = found.strong || strong; else out.push({ text: t, strong: strong });
    };
    spans.forEach(function (span, n) {
      var token = text(span), upper = token.toUpperCase(), next = spans[n + 1];
      if (next && /^[A-Za-z]{2,}$/.test(token) && query.slice(span[1], next[0]) === " " && isNumber(text(next))) push(upper + text(next), true);
      if (!long(span)) return;
      var codelike = /\p{Alphabetic}/u.test(token) && /[0-9-]/.test(token);
      if (isNumber(token) && !singleWord) push(upper, inCodeContext(query, spans, n));
      else if (singleWord || codelike) { push(upper, true); push(compact(upper), true); }
    });
    return out;
  }

  // ids::in_code_context
  function inCodeContext(query, spans, n) {
    var before = query.slice(0, spans[n][0]), after = query.slice(spans[n][1]);
    if (before.slice(-1) === "#") return true;
    if (after.charAt(0) === "]" && after.charAt(1) !== "[") {
      var opened = before.lastIndexOf("[");
      if (opened >= 0 && before.charAt(opened - 1) !== "]") {
        var inside = before.slice(opened + 1);
        if (inside === "" || /^[A-Za-z0-9_]+:$/.test(inside)) return true;
      }
    }
    if (n === 0) return false;
    var gap = query.slice(spans[n - 1][1], spans[n][0]);
    var word = query.slice(spans[n - 1][0], spans[n - 1][1]).toLowerCase();
    return chars(gap).length <= 3 && /^[ :=]*$/.test(gap) && engine.code_words.indexOf(word) >= 0;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&"); }

  // ids::template_pattern
  function templatePattern(text) {
    var pattern = "^", rest = text, open;
    while ((open = rest.indexOf("{")) >= 0) {
      var close = rest.indexOf("}", open);
      if (close < 0) return null;
      pattern += escapeRegExp(rest.slice(0, open)) + "[^-\\s]+";
      rest = rest.slice(close + 1);
    }
    return new RegExp(pattern + escapeRegExp(rest) + "$");
  }

  // ids::match_anchor; anchor = [doc, whole, idChars, text]
  function matchAnchor(anchor, token) {
    var text = anchor[3];
    var tiers = engine.tiers;
    var partial = Math.fround(tiers.partial_id + Math.fround(engine.partial_closeness * Math.fround(chars(token).length / anchor[2])));
    if (text.indexOf("{") >= 0) {
      var pattern = templatePattern(text);
      if (pattern && pattern.test(token)) return anchor[1] ? [tiers.templated_id, "templated-id"] : [partial, "partial-id"];
      return text.slice(0, text.indexOf("{")).indexOf(token) === 0 ? [partial, "partial-id"] : null;
    }
    if (anchor[1] && text === token) return [tiers.exact_id, "exact-id"];
    // whole 2: the ID without its leading zeros, matched only exactly.
    if (anchor[1] !== 2 && token && text.indexOf(token) === 0) return [partial, "partial-id"];
    return null;
  }

  // web::file_anchors, walked down.
  function idMatches(codeToken, offer) {
    var token = codeToken.text, tokenChars = chars(token);
    function visit(key) {
      return lookup("i", key).then(function (node) {
        if (!node) return;
        var check = function (a) {
          var m = matchAnchor(a, token);
          if (m && (codeToken.strong || m[1] === "exact-id")) offer(a[0], m[0], m[1], codeToken.strong);
        };
        if (Array.isArray(node)) { node.forEach(check); return; }
        node.short.forEach(check);
        var splitAt = chars(node.p).length + 1;
        if (tokenChars.length >= splitAt) return visit(tokenChars.slice(0, splitAt).join(""));
        node.top.forEach(check);
      });
    }
    return visit(tokenChars.slice(0, engine.key_chars).join(""));
  }

  // text::tokens::runs: [run, isCjk] of each run of letters and
  // digits, cut where CJK characters meet others.
  function runs(text) {
    var out = [], run = "", cjk = false;
    chars(text).forEach(function (c) {
      var kind = isAlnum(c) ? isCjk(c) : null;
      if (run && kind !== cjk) { out.push([run, cjk]); run = ""; }
      if (kind === null) return;
      cjk = kind;
      run += c;
    });
    if (run) out.push([run, cjk]);
    return out;
  }

  // text::tokens::tokens: the runs, each CJK run as its overlapping
  // character pairs (or its one character).
  function tokens(text) {
    var out = [];
    runs(text).forEach(function (r) {
      var cs = chars(r[0]);
      if (!r[1] || cs.length < 2) { out.push(r[0]); return; }
      for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    });
    return out;
  }

  // Lower-cased words, each once, unless too long to be indexed.
  function distinctWords(words) {
    var out = [];
    words.forEach(function (w) {
      if (!w || encoder.encode(w).length >= engine.max_word_bytes) return;
      w = w.toLowerCase();
      if (out.indexOf(w) < 0) out.push(w);
    });
    return out;
  }

  // text::tokens::written_words
  function writtenWords(text) { return distinctWords(tokens(text)); }

  // template::query_words: CJK runs whole, as templates file them.
  function queryWords(text) { return distinctWords(text.split(NOT_ALNUM)); }

  // text::tokens::with_camel_words
  function withCamelWords(text) {
    var extra = "";
    runs(text).filter(function (r) { return !r[1]; }).map(function (r) { return r[0]; }).forEach(function (word) {
      var cs = chars(word), splits = [];
      for (var i = 1; i < cs.length; i++) {
        if (/\p{Uppercase}/u.test(cs[i]) && /\p{Lowercase}/u.test(cs[i - 1])) splits.push(i);
      }
      if (!splits.length) return;
      var start = 0;
      splits.concat([cs.length]).forEach(function (split) {
        extra += " " + cs.slice(start, split).join("");
        start = split;
      });
    });
    return extra ? text + "\n" + extra : text;
  }

  // text::tokens::identifiers
  function identifiers(text) {
    var joined = "";
    text.replace(CJK_ALL, " ").split(/[^\p{Alphabetic}\p{N}_.]+/u).forEach(function (id) {
      id = id.replace(/^[_.]+|[_.]+$/g, "");
      if (/[_.]/.test(id) && /\p{Alphabetic}/u.test(id)) joined += " " + id.replace(/[^\p{Alphabetic}\p{N}]/gu, "");
    });
    return joined;
  }

  // strsim::damerau_levenshtein (unrestricted), over code points.
  function damerau(a, b) {
    a = chars(a); b = chars(b);
    var n = a.length, m = b.length, INF = n + m, last = {}, i, j;
    var d = [];
    for (i = 0; i <= n + 1; i++) d.push(new Array(m + 2).fill(0));
    d[0][0] = INF;
    for (i = 0; i <= n; i++) { d[i + 1][0] = INF; d[i + 1][1] = i; }
    for (j = 0; j <= m; j++) { d[0][j + 1] = INF; d[1][j + 1] = j; }
    for (i = 1; i <= n; i++) {
      var db = 0;
      for (j = 1; j <= m; j++) {
        var i1 = last[b[j - 1]] || 0, j1 = db, cost = 1;
        if (a[i - 1] === b[j - 1]) { cost = 0; db = j; }
        d[i + 1][j + 1] = Math.min(d[i][j] + cost, d[i + 1][j] + 1, d[i][j + 1] + 1,
          d[i1][j1] + (i - i1 - 1) + 1 + (j - j1 - 1));
      }
      last[a[i - 1]] = i;
    }
    return d[n + 1][m + 1];
  }

  // text::typos::correctable
  function correctable(word) {
    return chars(word).length >= engine.typos.min_chars && !/\p{N}/u.test(word) && !isCjk(word) && word.charAt(0) !== "#";
  }

  // TypoCandidates::corrections: written words (with stems) nearest
  // `word`.
  function corrections(word) {
    if (!correctable(word)) return Promise.resolve([]);
    var typos = engine.typos, length = chars(word).length;
    var max = length >= typos.long_chars ? typos.long_distance : typos.short_distance;
    var initial = chars(word).slice(0, typos.initial_chars).join("");
    var shapes = [];
    for (var l = Math.max(1, length - max); l <= length + max; l++) shapes.push(lookup("f", initial + ":" + l));
    return Promise.all(shapes).then(function (lists) {
      var near = [];
      lists.forEach(function (list) {
        (list || []).forEach(function (e) {
          var distance = damerau(word, e[0]);
          if (distance <= max) near.push([distance, e[2], e[0], e[1] === 0 ? e[0] : e[1]]);
        });
      });
      near.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0); });
      if (!near.length) return otherForms(word, initial);
      return near.filter(function (n) { return n[0] === near[0][0]; }).slice(0, typos.most).map(function (n) { return n[3]; });
    });
  }

  // TypoCandidates::other_forms: the catalog's forms of a word too far
  // from all of them to be a typo (`truncating` -> `truncate`).
  function otherForms(word, initial) {
    var ending = engine.endings.filter(function (e) { return word.slice(-e.length) === e; })[0];
    if (ending === undefined) return Promise.resolve([]);
    var base = word.slice(0, word.length - ending.length), baseLength = chars(base).length;
    if (baseLength < engine.typos.min_chars) return Promise.resolve([]);
    var shapes = [];
    for (var l = baseLength; l <= baseLength + engine.form_extra; l++) shapes.push(lookup("f", initial + ":" + l));
    return Promise.all(shapes).then(function (lists) {
      var forms = [];
      lists.forEach(function (list) {
        (list || []).forEach(function (e) { if (e[0].indexOf(base) === 0) forms.push([e[2], chars(e[0]).length, e[0], e[1] === 0 ? e[0] : e[1]]); });
      });
      forms.sort(function (x, y) { return y[0] - x[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0); });
      return forms.slice(0, engine.typos.most).map(function (f) { return f[3]; });
    });
  }

  // TextIndex::query_groups: one group of stems per word (its stem, or
  // its corrections' stems) and per joined identifier; a stem is searched
  // once, and a group left empty is dropped.
  function queryStems(query) {
    var words = writtenWords(withCamelWords(query));
    var joined = writtenWords(identifiers(query)).map(function (w) { return "#" + w; });
    return Promise.all(words.concat(joined).map(function (w) { return lookup("w", w); })).then(function (found) {
      var fuzzy = false;
      return Promise.all(words.concat(joined).map(function (w, i) {
        if (found[i] !== undefined) return [found[i] === 0 ? w : found[i]];
        if (i >= words.length) return [];
        return corrections(w).then(function (c) { if (c.length) fuzzy = true; return c; });
      })).then(function (lists) {
        var stems = [], groups = [];
        lists.forEach(function (list) {
          var group = [];
          list.forEach(function (s) { if (stems.indexOf(s) < 0) { stems.push(s); group.push(s); } });
          if (group.length) groups.push(group);
        });
        return { stems: stems, groups: groups, fuzzy: fuzzy };
      });
    });
  }

  // BM25 sums from the score tables, times the share of the query's
  // word groups a code has (TextIndex::search). Each term's best codes
  // come with it; the rest sit in tails, best first (ties by code order),
  // loaded only while the first result could still change: while its
  // score, or a rival's, is not known. A few tails at most: a query of
  // only very common words then gets a near-exact first result rather
  // than a slow one (engine.max_tails: web::TERM_TAILS, the tails written).
  function textScores(groups, needFirst) {
    var tailsLoaded = 0, stems = [], groupOf = [], words = groups.length;
    groups.forEach(function (g, i) { g.forEach(function (s) { stems.push(s); groupOf.push(i); }); });
    return Promise.all(stems.map(function (s) { return lookup("t", s); })).then(function (entries) {
      var terms = [];
      entries.forEach(function (e, n) {
        if (!e) return;
        var known = new Map(), doc = 0, lastDoc = -1, lastScore = Infinity;
        for (var i = 4; i < e.length; i += 2) {
          doc += e[i];
          known.set(doc, e[i + 1]);
          // The head's weakest posting: the frontier of what is loaded.
          if (e[i + 1] < lastScore || (e[i + 1] === lastScore && doc > lastDoc)) { lastScore = e[i + 1]; lastDoc = doc; }
        }
        terms.push({ known: known, floor: e[1], floorDoc: lastDoc, next: e[2], end: e[2] + e[3], group: groupOf[n] });
      });
      // How many groups a code has (known), or may have once the open
      // terms' tails are read (possible).
      function groupsOf(d, open) {
        var has = {}, may = {}, known = 0, possible = 0;
        terms.forEach(function (t) {
          if (t.known.has(d)) { if (!has[t.group]) { has[t.group] = true; known += 1; } }
          else if (open && t.next < t.end && t.floor > 0) may[t.group] = true;
        });
        Object.keys(may).forEach(function (g) { if (!has[g]) possible += 1; });
        return [known, known + possible];
      }
      function step() {
        var sums = new Map();
        terms.forEach(function (t) { t.known.forEach(function (s, d) { sums.set(d, (sums.get(d) || 0) + s); }); });
        var totals = new Map();
        sums.forEach(function (s, d) { totals.set(d, s * groupsOf(d, false)[0] / words); });
        var open = terms.filter(function (t) { return t.next < t.end; });
        if (!open.length || !needFirst || tailsLoaded >= engine.max_tails) return totals;
        var bound = function (d) { return open.reduce(function (sum, t) { return sum + (t.known.has(d) ? 0 : t.floor); }, 0); };
        var best = -1, bestScore = -1;
        totals.forEach(function (s, d) { if (s > bestScore || (s === bestScore && d < best)) { best = d; bestScore = s; } });
        // A code not loaded scores at most the sum of the floors times the
        // share of the open terms' groups, and on a tie it comes after
        // every code at a frontier.
        var openGroups = {};
        open.forEach(function (t) { if (t.floor > 0) openGroups[t.group] = true; });
        var unseen = open.reduce(function (sum, t) { return sum + t.floor; }, 0) * Object.keys(openGroups).length / words;
        var frontier = open.reduce(function (m, t) { return Math.min(m, t.floorDoc); }, Infinity);
        var certain = best >= 0 && bound(best) === 0 && (unseen < bestScore || (unseen === bestScore && best < frontier));
        if (certain) {
          sums.forEach(function (s, d) {
            var most = (s + bound(d)) * groupsOf(d, true)[1] / words;
            if (d !== best && (most > bestScore || (most === bestScore && d < best))) certain = false;
          });
        }
        if (certain) return totals;
        var widest = open.reduce(function (a, t) { return t.floor > a.floor ? t : a; });
        tailsLoaded += 1;
        return load("u/" + widest.next).then(function (tail) {
          widest.next += 1;
          tail = tail || [];
          for (var i = 0; i < tail.length; i += 2) widest.known.set(tail[i], tail[i + 1]);
          if (widest.next < widest.end && tail.length) {
            widest.floor = tail[tail.length - 1];
            widest.floorDoc = tail[tail.length - 2];
          } else {
            widest.floor = 0;
          }
          return step();
        });
      }
      return step();
    });
  }

  // fragment::words
  function fragmentWords(text) { return text.split(NOT_ALNUM).filter(Boolean).map(function (w) { return w.toLowerCase(); }); }

  // fragment::score and fewest_skipped
  function fragmentScore(query, message, textScore) {
    var words = fragmentWords(message), best = -1;
    for (var start = 0; start < words.length; start++) {
      if (words[start] !== query[0]) continue;
      var at = start, matched = 1;
      for (var i = start + 1; i < words.length && matched < query.length; i++) {
        at = i;
        if (words[i] === query[matched]) matched += 1;
      }
      if (matched === query.length) {
        var skipped = at + 1 - start - query.length;
        if (best < 0 || skipped < best) best = skipped;
      }
    }
    if (best < 0) return null;
    var chars = query.reduce(function (n, w) { return n + Array.from(w).length; }, 0);
    var explained = Math.min(chars, engine.specificity_cap) - best - 1;
    return explained > 0 ? engine.tiers.message + explained + textScore / (textScore + 1) : null;
  }

  // template::MessageTemplates::matches
  function messageMatches(query, offer) {
    var queryLen = chars(query).filter(isAlnum).length;
    return Promise.all(queryWords(query).map(function (w) { return lookup("m", w); })).then(function (lists) {
      var candidates = meta.always.slice();
      lists.forEach(function (list) { if (list) candidates = candidates.concat(list); });
      candidates.forEach(function (t) {
        var literal = t[1], specificity = t[2];
        var source = literal >= engine.long_literal || literal * engine.literal_share >= queryLen ? t[3] : "(?:" + t[3] + ")\\s*$";
        var pattern;
        try { pattern = new RegExp(source, "i"); } catch (e) { return; }
        if (pattern.test(query)) t[0].forEach(function (doc) { offer(doc, specificity); });
      });
    });
  }

  function docs(list) {
    var chunks = {};
    list.forEach(function (d) { chunks[Math.floor(d / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("d/" + c); })).then(function () {
      return list.map(function (d) { var chunk = shards["d/" + Math.floor(d / meta.chunk)]; return chunk && chunk[d % meta.chunk]; });
    });
  }

  // SearchIndex::search
  function search(query, limit) {
    query = (query || "").trim();
    limit = limit || 10;
    // Meta loads even for no query: once a search has answered, the
    // helpers below (which need it) work.
    return ready().then(function () {
      if (!query) return [];
      var scores = new Map();
      var offer = function (doc, score, kind) {
        var best = scores.get(doc);
        if (!best || score > best[0]) scores.set(doc, [score, kind]);
      };
      // matcher::Matcher::candidates
      var strong = new Map(), weak = new Set(), messages = new Map(), tiers = engine.tiers;
      var idOffer = function (doc, score, kind, isStrong) {
        if (!isStrong) { weak.add(doc); return; }
        var best = strong.get(doc);
        if (!best || score > best[0]) strong.set(doc, [score, kind]);
      };
      var messageOffer = function (doc, specificity) {
        messages.set(doc, Math.max(messages.get(doc) || 0, specificity));
      };
      var matched = codeTokens(query).map(function (t) { return idMatches(t, idOffer); });
      matched.push(messageMatches(query, messageOffer));
      var combined = Promise.all(matched).then(function () {
        strong.forEach(function (best, doc) {
          var score = best[0];
          if (best[1] === "exact-id" || best[1] === "templated-id") {
            score += Math.min(messages.get(doc) || 0, engine.message_bonus_cap);
            if (weak.has(doc)) score += engine.number_bonus;
          }
          offer(doc, score, best[1]);
        });
        messages.forEach(function (specificity, doc) {
          if (weak.has(doc)) offer(doc, tiers.exact_id + Math.min(specificity, engine.message_bonus_cap), "exact-id");
          else offer(doc, tiers.message + Math.min(specificity, engine.specificity_cap), "message");
        });
      });
      // The words' shards load alongside the other tiers' (each shard
      // loads once, so asking early costs nothing).
      var words = queryStems(query).then(function (q) {
        q.stems.forEach(function (s) { lookup("t", s); });
        return q;
      });
      return combined.then(function () {
        return words;
      }).then(function (q) {
        return textScores(q.groups, scores.size === 0).then(function (totals) {
          var kind = q.fuzzy ? "fuzzy" : "text";
          totals.forEach(function (s, d) { offer(d, Math.min(s / engine.score_scale, engine.tiers.text_ceiling - 1), kind); });
          // fragment: the best text matches, tried as fragments of their
          // messages.
          var words = fragmentWords(query);
          if (words.length < 2) return;
          var best = Array.from(totals.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).slice(0, engine.fragment_candidates);
          return docs(best.map(function (b) { return b[0]; })).then(function (found) {
            best.forEach(function (b, i) {
              var score = fragmentScore(words, (found[i] || [])[2] || "", b[1] / engine.score_scale);
              if (score !== null) offer(b[0], score, kind);
            });
          });
        });
      }).then(function () {
        var ranked = Array.from(scores.entries()).sort(function (a, b) { return b[1][0] - a[1][0] || a[0] - b[0]; }).slice(0, limit);
        return docs(ranked.map(function (r) { return r[0]; })).then(function (found) {
          return ranked.map(function (r, i) {
            var d = found[i] || ["", 0, "", ""], level = meta.levels[d[1]] || ["", "none"];
            return { code: d[0], level: level[0], levelClass: level[1], message: d[2], slug: d[3], score: r[1][0], match: r[1][1] };
          });
        });
      });
    });
  }

  // For the theme's highlighting of results. They read meta's values:
  // call them once a search has answered.
  function afterMeta(f) {
    return function (text) {
      if (!meta) throw new Error("errbook: search index not loaded yet");
      return f(text);
    };
  }

  window.errbookSearch = {
    search: search, files: loadedFiles,
    writtenWords: afterMeta(writtenWords),
    codeTokens: afterMeta(function (q) { return codeTokens(q).filter(function (t) { return t.strong; }).map(function (t) { return t.text; }); }),
    isCjk: afterMeta(isCjk)
  };
  document.dispatchEvent(new Event("errbook-search-ready"));
})();
