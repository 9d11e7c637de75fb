/*!
 * Chat widget for the Rasa socket.io channel (Asistent carieră: operator call center).
 * No dependencies besides the vendored socket.io client (vendor/socket.io.min.js, MIT).
 *
 * Embed with one tag; every setting is optional:
 *   <script src="https://site/widget/widget.js" defer
 *           data-server-url="https://bot.example.ro"   Rasa server (default: this host, port 5005)
 *           data-title="Asistent carieră"               title of the chat window
 *           data-first-message="/greet"                 sent when a new conversation starts (not shown)
 *           data-language="en"                          ro (default) or en: the widget's texts and the
 *                                                       conversation's first language (docs/widget.md)
 *           data-color="#0b5cad" data-text-color="#fff" accent colour and the text on it
 *           data-open="true"></script>                  open at page load
 *
 * Everything a user or the assistant writes is rendered with textContent / text nodes, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__asistentWidget) return;
  window.__asistentWidget = true;

  var TEXTS = {};
  TEXTS.ro = {
    title: "Asistent carieră",
    launcher: "Chat cu asistentul",
    close: "Închide chatul",
    restart: "Începe o conversație nouă",
    log: "Conversația cu asistentul",
    you: "Tu: ",
    bot: "Asistentul: ",
    input: "Mesajul tău",
    placeholder: "Scrie o întrebare…",
    send: "Trimite",
    replies: "Variante de răspuns",
    typing: "Asistentul scrie…",
    connecting: "Se conectează…",
    reconnecting: "Conexiunea s-a întrerupt. Se reconectează…",
    unavailable: "Chatul nu este disponibil acum. Încearcă din nou mai târziu.",
    image: "Imagine trimisă de asistent"
  };
  TEXTS.en = {
    title: "Career assistant",
    launcher: "Chat with the assistant",
    close: "Close the chat",
    restart: "Start a new conversation",
    log: "Conversation with the assistant",
    you: "You: ",
    bot: "Assistant: ",
    input: "Your message",
    placeholder: "Type a question…",
    send: "Send",
    replies: "Reply options",
    typing: "The assistant is typing…",
    connecting: "Connecting…",
    reconnecting: "The connection was lost. Reconnecting…",
    unavailable: "The chat is not available right now. Please try again later.",
    image: "Image sent by the assistant"
  };
  var MAX_STORED = 200;
  var TYPING_TIMEOUT_MS = 20000;

  var data = script.dataset;
  var base = new URL(".", script.src).href;
  var language = TEXTS[data.language] ? data.language : "ro";
  var TEXT = TEXTS[language];
  var config = {
    serverUrl: (data.serverUrl || location.protocol + "//" + location.hostname + ":5005").replace(/\/+$/, ""),
    socketPath: data.socketPath || "/socket.io",
    title: data.title || TEXT.title,
    firstMessage: withLanguage(data.firstMessage || ""),
    color: data.color || "",
    textColor: data.textColor || "",
    open: data.open === "true"
  };

  // The server learns the widget's language from the first message: an intent payload carries it as the
  // reply_language entity ("/greet" -> '/greet{"reply_language": "en"}'), which fills the conversation's slot.
  // Later messages set it by what they are written in. Romanian needs nothing: it is the server's default.
  function withLanguage(message) {
    if (language === "ro" || message.charAt(0) !== "/") return message;
    var brace = message.indexOf("{");
    var entities = {};
    if (brace >= 0) {
      try { entities = JSON.parse(message.slice(brace)); } catch (e) { return message; }
    }
    entities.reply_language = language;
    return (brace >= 0 ? message.slice(0, brace) : message) + JSON.stringify(entities);
  }

  // ---- storage: the session id and the transcript survive a reload (and a server restart) ----------------
  var storageKey = "asistent-widget:" + config.serverUrl;
  var state = load();

  function load() {
    var empty = { sessionId: null, messages: [], open: false, started: false };
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (saved && Array.isArray(saved.messages)) return Object.assign(empty, saved);
    } catch (e) { /* storage disabled or corrupt: start afresh */ }
    return empty;
  }

  function save() {
    state.messages = state.messages.slice(-MAX_STORED);
    try { window.localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* full or disabled */ }
  }

  // ---- DOM helpers: attributes and text only -------------------------------------------------------------
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function chatIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    var path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    path.setAttribute("d", "M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z");
    svg.appendChild(path);
    return svg;
  }

  function safeUrl(value, protocols) {
    try {
      var url = new URL(value, location.href);
      return protocols.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // Links and e-mail addresses inside a text become <a> elements; the rest stays plain text.
  var LINK = /(https?:\/\/[^\s<>"'„”«»]+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

  function renderText(text) {
    var paragraph = el("p", { "class": "rw-text" });
    var last = 0;
    var match;
    LINK.lastIndex = 0;
    while ((match = LINK.exec(text)) !== null) {
      var found = match[0].replace(/[.,;:!?)\]]+$/, "");
      var href = match[1] ? safeUrl(found, ["http:", "https:"]) : "mailto:" + found;
      paragraph.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (href) {
        var link = el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, [found]);
        paragraph.appendChild(link);
      } else {
        paragraph.appendChild(document.createTextNode(found));
      }
      last = match.index + found.length;
      LINK.lastIndex = last;
    }
    paragraph.appendChild(document.createTextNode(text.slice(last)));
    return paragraph;
  }

  // ---- the widget, in a shadow root so the host page's CSS does not leak in --------------------------------
  var host = el("div", { id: "asistent-widget", lang: language });
  host.style.display = "none"; // until the stylesheet has loaded
  if (config.color && CSS.supports("color", config.color)) host.style.setProperty("--rw-accent", config.color);
  if (config.textColor && CSS.supports("color", config.textColor)) {
    host.style.setProperty("--rw-accent-text", config.textColor);
  }
  var root = host.attachShadow({ mode: "open" });
  var stylesheet = el("link", { rel: "stylesheet", href: base + "widget.css" });
  stylesheet.addEventListener("load", function () { host.style.display = ""; });
  stylesheet.addEventListener("error", function () { host.style.display = ""; });

  var launcher = el("button", {
    type: "button", "class": "rw-launcher", "aria-label": TEXT.launcher, "aria-expanded": "false",
    "aria-controls": "rw-panel"
  }, [chatIcon()]);
  var title = el("h2", { "class": "rw-title", id: "rw-title" }, [config.title]);
  var restartButton = el("button", {
    type: "button", "class": "rw-icon-button", "aria-label": TEXT.restart, title: TEXT.restart
  }, [el("span", { "aria-hidden": "true" }, ["↺"])]);
  var closeButton = el("button", {
    type: "button", "class": "rw-icon-button", "aria-label": TEXT.close, title: TEXT.close
  }, [el("span", { "aria-hidden": "true" }, ["×"])]);
  var status = el("p", { "class": "rw-status", role: "status", "aria-live": "polite" });
  var log = el("div", { "class": "rw-log", role: "log", "aria-live": "polite", "aria-label": TEXT.log, tabindex: "0" });
  var typing = el("div", { "class": "rw-typing", hidden: "" }, [
    el("span", { "class": "rw-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { "class": "rw-sr" }, [TEXT.typing])
  ]);
  var typingStatus = el("p", { "class": "rw-sr", role: "status", "aria-live": "polite" });
  var input = el("input", {
    id: "rw-input", "class": "rw-input", type: "text", autocomplete: "off", maxlength: "1000",
    placeholder: TEXT.placeholder, enterkeyhint: "send"
  });
  var form = el("form", { "class": "rw-form" }, [
    el("label", { "class": "rw-sr", "for": "rw-input" }, [TEXT.input]),
    input,
    el("button", { type: "submit", "class": "rw-send" }, [TEXT.send])
  ]);
  var panel = el("section", {
    id: "rw-panel", "class": "rw-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "rw-title",
    hidden: ""
  }, [
    el("header", { "class": "rw-header" }, [title, restartButton, closeButton]),
    status, log, typing, typingStatus, form
  ]);
  var widget = el("div", { "class": "rw" }, [panel, launcher]);
  root.appendChild(stylesheet);
  root.appendChild(widget);

  // ---- transcript ----------------------------------------------------------------------------------------
  var replies = null;

  function renderMessage(message) {
    var item = el("div", { "class": "rw-msg rw-" + (message.from === "user" ? "user" : "bot") }, [
      el("span", { "class": "rw-sr" }, [message.from === "user" ? TEXT.you : TEXT.bot])
    ]);
    if (message.text) item.appendChild(renderText(message.text));
    var image = message.image && safeUrl(message.image, ["http:", "https:"]);
    if (image) item.appendChild(el("img", { "class": "rw-image", src: image, alt: TEXT.image, loading: "lazy" }));
    log.appendChild(item);
  }

  function renderReplies(buttons) {
    removeReplies();
    replies = el("div", { "class": "rw-replies", role: "group", "aria-label": TEXT.replies });
    buttons.forEach(function (button) {
      var choice = el("button", { type: "button", "class": "rw-reply" }, [button.title]);
      choice.addEventListener("click", function () { sendUser(button.title, button.payload); });
      replies.appendChild(choice);
    });
    log.appendChild(replies);
  }

  function removeReplies() {
    if (replies && replies.parentNode) replies.parentNode.removeChild(replies);
    replies = null;
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function append(message) {
    state.messages.push(message);
    save();
    renderMessage(message);
    if (message.buttons && message.buttons.length) renderReplies(message.buttons);
    scrollDown();
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    replies = null;
    state.messages.forEach(renderMessage);
    var last = state.messages[state.messages.length - 1];
    if (last && last.from === "bot" && last.buttons && last.buttons.length) renderReplies(last.buttons);
    scrollDown();
  }

  // What Rasa's socket.io channel emits: {text, quick_replies|buttons, attachment}.
  function fromBot(message) {
    if (!message || typeof message !== "object") return null;
    var buttons = (message.quick_replies || message.buttons || []).filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
    var attachment = message.attachment;
    var image = attachment && attachment.type === "image" && attachment.payload && attachment.payload.src;
    var text = typeof message.text === "string" ? message.text : "";
    if (!text && !image && !buttons.length) return null;
    return { from: "bot", text: text, buttons: buttons, image: typeof image === "string" ? image : undefined };
  }

  // ---- typing indicator ----------------------------------------------------------------------------------
  var typingTimer = null;

  function showTyping() {
    typing.hidden = false;
    typingStatus.textContent = TEXT.typing;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
    scrollDown();
  }

  function hideTyping() {
    typing.hidden = true;
    typingStatus.textContent = "";
    clearTimeout(typingTimer);
  }

  // ---- connection: session_request with the stored session id, reconnects by itself ----------------------
  var socket = null;
  var ready = false;
  var queue = [];

  function setStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function loadSocketIo(callback) {
    if (typeof window.io === "function") return callback(window.io);
    var tag = el("script", { src: base + "vendor/socket.io.min.js", async: "" });
    tag.addEventListener("load", function () { callback(window.io); });
    tag.addEventListener("error", function () { setStatus(TEXT.unavailable); });
    document.head.appendChild(tag);
  }

  function connect() {
    if (socket) return;
    socket = {}; // loading
    setStatus(TEXT.connecting);
    loadSocketIo(function (io) {
      socket = io(config.serverUrl, { path: config.socketPath, reconnectionDelayMax: 10000 });
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: state.sessionId });
      });
      socket.on("session_confirm", function (confirmed) {
        var id = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
        if (!id) return;
        state.sessionId = id;
        ready = true;
        setStatus("");
        save();
        if (!state.started && state.messages.length === 0 && config.firstMessage) {
          state.started = true;
          save();
          queue.unshift(config.firstMessage);
          showTyping();
        }
        while (queue.length) emit(queue.shift());
      });
      socket.on("bot_uttered", function (message) {
        var parsed = fromBot(message);
        hideTyping();
        if (parsed) append(parsed);
      });
      socket.on("disconnect", function (reason) {
        ready = false;
        setStatus(TEXT.reconnecting);
        if (reason === "io server disconnect") socket.connect(); // the server closed it: reconnect anyway
      });
      socket.on("connect_error", function () {
        ready = false;
        setStatus(TEXT.reconnecting);
      });
    });
  }

  function emit(message) {
    var payload = { message: message, session_id: state.sessionId };
    // Answers the server gives before reading the conversation (an empty or over-long message) use it.
    if (language !== "ro") payload.metadata = { reply_language: language };
    socket.emit("user_uttered", payload);
  }

  function send(message) {
    showTyping();
    if (ready) emit(message);
    else queue.push(message);
  }

  function sendUser(shown, payload) {
    removeReplies();
    append({ from: "user", text: shown });
    state.started = true;
    send(payload || shown);
  }

  function restart() {
    state = { sessionId: null, messages: [], open: true, started: false };
    save();
    queue = [];
    renderAll();
    hideTyping();
    if (socket && socket.connected) {
      ready = false;
      socket.emit("session_request", { session_id: null });
    }
    input.focus();
  }

  // ---- opening, closing, keyboard -------------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    widget.classList.add("rw-open");
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    connect();
    scrollDown();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    widget.classList.remove("rw-open");
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", function () { (panel.hidden ? open : close)(); });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", restart);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    sendUser(text);
  });

  function start() {
    document.body.appendChild(host);
    renderAll();
    if (config.open || state.open) open();
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
