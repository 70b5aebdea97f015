(() => {
  if (window.__quickExitFirst) return;
  window.__quickExitFirst = true;
  const style = document.createElement("style");
  style.textContent = `__LAYOUT_CSS__`;
  document.head.appendChild(style);

  // Streamlit may keep a hidden copy of a button (zero size): the shown one counts.
  const exitButtons = () => [...document.querySelectorAll(".st-key-quick_exit button")];
  const exitButton = () => exitButtons().find((b) => b.offsetWidth > 0) || exitButtons()[0];
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("trust-checkup-exit") : null;
  let exited = false;
  let relayed = false;

  // A press of the quick exit (mouse, Enter, Space or Esc) clears every other tab too.
  document.addEventListener("click", (event) => {
    if (!event.target.closest || !event.target.closest(".st-key-quick_exit")) return;
    exited = true;
    if (channel && !relayed) channel.postMessage("quick-exit");
    relayed = false;
  }, true);
  if (channel) channel.onmessage = () => {
    const button = exitButton();
    if (!button) return;
    relayed = true;
    button.click();
  };

  // Esc presses the quick exit, except while typing in a text field.
  const NOT_TEXT = new Set(["radio", "checkbox", "button", "submit", "reset", "range", "color", "file", "image"]);
  const typing = (el) => !!el && (el.isContentEditable || el.tagName === "TEXTAREA" ||
    el.tagName === "SELECT" || (el.tagName === "INPUT" && !NOT_TEXT.has(el.type)));
  window.addEventListener("keydown", (event) => {
    const fresh = !document.activeElement || document.activeElement === document.body;
    const button = exitButton();
    if (!button) return;
    if (event.key === "Escape" && !event.isComposing && !typing(event.target)) {
      event.preventDefault();
      button.click();
    } else if (event.key === "Tab" && !event.shiftKey && fresh) {
      // Whatever the browser takes as its starting point, the first Tab reaches the quick exit.
      event.preventDefault();
      button.focus();
    }
  }, true);

  // A reload or leaving asks first while answers exist that were not saved.
  window.addEventListener("beforeunload", (event) => {
    const mark = document.querySelector("[data-tc-unsaved]");
    if (exited || !mark || mark.getAttribute("data-tc-unsaved") !== "1") return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Tidy what Streamlit draws: no positive tabindex, no main area as a Tab stop, a named
  // progress bar, the quick exit announced with its shortcut.
  const tidy = () => {
    for (const button of exitButtons()) {
      if (button.tabIndex > 0) button.removeAttribute("tabindex");
      if (!button.hasAttribute("aria-keyshortcuts")) button.setAttribute("aria-keyshortcuts", "Escape");
    }
    for (const el of document.querySelectorAll('[tabindex]:not([tabindex="-1"]):not([tabindex="0"])')) {
      if (el.tabIndex > 0) el.tabIndex = 0;
    }
    const main = document.querySelector("[data-testid=stMain]");
    if (main && main.getAttribute("tabindex") !== "-1") main.setAttribute("tabindex", "-1");
    for (const bar of document.querySelectorAll("[data-testid=stProgress]")) {
      const label = bar.querySelector("[data-testid=stMarkdownContainer]");
      const meter = bar.querySelector("[role=progressbar]");
      const name = label ? label.textContent.trim() : "";  // textContent: no forced layout
      if (meter && name && meter.getAttribute("aria-label") !== name) meter.setAttribute("aria-label", name);
    }
  };

  // A page turn (another address or another page heading) lands at the top, focus on the h1.
  let lastPage = null;
  const turned = () => {
    const shown = app();
    if (!shown || shown.getAttribute("data-test-script-state") !== "notRunning") return;
    const h1 = document.querySelector("[data-testid=stMain] h1");
    if (!h1) return;
    const here = location.pathname + "\n" + h1.textContent;
    if (here === lastPage) return;
    const first = lastPage === null;
    lastPage = here;
    if (first) return;  // a fresh load: the first Tab still reaches the quick exit
    for (const el of [document.scrollingElement, document.querySelector("[data-testid=stMain]"),
      document.querySelector("[data-testid=stAppViewContainer]")]) if (el) el.scrollTop = 0;
    h1.setAttribute("tabindex", "-1");
    h1.focus({preventScroll: true});
  };

  // The page's language (the root element's lang, for screen readers) follows the session's.
  const language = () => {
    const mark = document.querySelector("[data-tc-lang]");
    const lang = mark && mark.getAttribute("data-tc-lang");
    if (lang && document.documentElement.lang !== lang) document.documentElement.lang = lang;
  };

  // Once per rerun, when Streamlit has drawn it (the script state back to notRunning), not on
  // each of the hundreds of mutations while it draws: tidy reads the whole document.
  const app = () => document.querySelector("[data-testid=stApp]");
  let queued = false;
  const watch = () => {
    if (queued) return;
    const shown = app();
    if (shown && shown.getAttribute("data-test-script-state") === "running") return;
    queued = true;
    requestAnimationFrame(() => { queued = false; tidy(); turned(); language(); });
  };
  watch();
  // characterData too: a page turn may only change the text of the heading Streamlit keeps.
  new MutationObserver(watch).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["data-test-script-state", "tabindex"],
  });
})();
