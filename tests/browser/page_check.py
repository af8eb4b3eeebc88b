"""The page check: what a ward nurse, a facilitator on a projector and a learner at home would
notice on a page, measured in the browser.

``page_problems(page)`` returns one plain sentence per problem found on the page as it is drawn
now (at the current window size and mode):

* the page scrolls sideways, or a chart is wider than the box that shows it (clipped);
* not exactly one top-level title (``h1``);
* a link or a button that looks like body text (judged from the computed style);
* a visible word that looks like code: ``snake_case`` names, ``QI_REFERENCE``, ``10^-1``
  notation, Python reprs and error names, ``tau =`` and the like;
* text cut short with an ellipsis whose full text is nowhere on the element (no ``title``,
  ``aria-label`` or SVG ``<title>``);
* a chart axis of whole numbers written with decimals ("1.0, 2.0, ...").

``SIZES`` are the windows every page is checked at: a laptop, a projector and a laptop at
150 % browser zoom (a 1366 px window at 150 % lays the page out in 911 CSS pixels).
"""

from __future__ import annotations

#: (name, width, height) of the windows a page is checked at, in CSS pixels.
SIZES = [
    ("1366x768", 1366, 768),
    ("1024x768", 1024, 768),
    ("1366x768 at 150% zoom", 911, 512),
]

PAGE_CHECK_JS = r"""
() => {
  const problems = [];
  const say = (text) => { if (!problems.includes(text)) problems.push(text); };
  const shown = (el) => {
    if (!el || !el.getClientRects || el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) return false;
    if (el.closest('[aria-hidden="true"]')) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const describe = (el) => {
    const text = (el.getAttribute && (el.getAttribute('aria-label') || el.textContent) || '')
      .trim().replace(/\s+/g, ' ');
    return text ? `"${text.slice(0, 60)}"` : `<${el.tagName.toLowerCase()}>`;
  };
  const rgba = (text) => {
    const parts = (text.match(/[\d.]+/g) || []).map(Number);
    return { r: parts[0] || 0, g: parts[1] || 0, b: parts[2] || 0,
             a: parts.length > 3 ? parts[3] : 1 };
  };
  const sameColour = (a, b) => {
    const x = rgba(a), y = rgba(b);
    return Math.abs(x.r - y.r) + Math.abs(x.g - y.g) + Math.abs(x.b - y.b) < 24 &&
      Math.abs(x.a - y.a) < 0.1;
  };
  const backgroundBehind = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (rgba(colour).a > 0.05) return colour;
    }
    return 'rgb(255, 255, 255)';
  };

  // 1. Nothing wider than the window; no chart wider than the box that shows it.
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    let widest = null;
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el)) continue;
      const right = el.getBoundingClientRect().right;
      if (right > root.clientWidth + 1 && (!widest || right > widest.right)) {
        widest = { el, right };
      }
    }
    say(`The page scrolls sideways: ${root.scrollWidth} px of content in a ` +
        `${root.clientWidth} px window` +
        (widest ? ` (widest: ${describe(widest.el)} ends at ${Math.round(widest.right)} px)` : ''));
  }
  const charts = document.querySelectorAll('.vega-embed svg.marks, .vega-embed canvas.marks');
  for (const chart of charts) {
    if (!shown(chart)) continue;
    const rect = chart.getBoundingClientRect();
    for (let box = chart.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === 'visible') continue;
      const outer = box.getBoundingClientRect();
      if (rect.right > outer.right + 1 || rect.left < outer.left - 1) {
        say(`A chart ${Math.round(rect.width)} px wide is clipped by a box ` +
            `${Math.round(outer.width)} px wide`);
        break;
      }
    }
    if (rect.right > window.innerWidth + 1) {
      say(`A chart ${Math.round(rect.width)} px wide runs off a ${window.innerWidth} px window`);
    }
  }

  // 2. Exactly one top-level title.
  const titles = [...document.querySelectorAll('h1')].filter(shown);
  if (titles.length !== 1) {
    say(`The page has ${titles.length} top-level titles (h1), not one: ` +
        titles.map(describe).join(', '));
  }

  // 3. Links and buttons look like links and buttons.
  for (const link of document.querySelectorAll('a[href]')) {
    if (!shown(link) || !link.textContent.trim()) continue;
    if (link.closest('.vega-embed')) continue;
    const style = getComputedStyle(link);
    const underlined = style.textDecorationLine.includes('underline') ||
      parseFloat(style.borderBottomWidth) >= 1 && rgba(style.borderBottomColor).a > 0.5;
    const filled = rgba(style.backgroundColor).a > 0.5 &&
      !sameColour(style.backgroundColor, backgroundBehind(link));
    const parent = link.parentElement ? getComputedStyle(link.parentElement).color : style.color;
    const coloured = !sameColour(style.color, parent);
    if (!underlined && !filled && !coloured) {
      say(`The link ${describe(link)} looks like body text (colour ${style.color}, ` +
          'not underlined)');
    }
  }
  const buttons = document.querySelectorAll(
    'button, [role="button"], input[type="button"], input[type="submit"]');
  for (const button of buttons) {
    if (!shown(button) || button.closest('.vega-embed')) continue;
    const style = getComputedStyle(button);
    const behind = backgroundBehind(button);
    const filled = rgba(style.backgroundColor).a > 0.5 &&
      !sameColour(style.backgroundColor, behind);
    const bordered = ['Top', 'Right', 'Bottom', 'Left'].some(side =>
      parseFloat(style[`border${side}Width`]) >= 1 &&
      style[`border${side}Style`] !== 'none' &&
      rgba(style[`border${side}Color`]).a > 0.5 &&
      !sameColour(style[`border${side}Color`], behind));
    const shadowed = style.boxShadow && style.boxShadow !== 'none';
    if (!filled && !bordered && !shadowed) {
      say(`The button ${describe(button)} looks like body text (no fill, border or shadow)`);
    }
  }

  // 4. No words that look like code; 5. no text cut short without its full text.
  const CODE = [
    [/\bQI_REFERENCE\b/, 'an internal reference'],
    [/\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/, 'a name written in code style'],
    [/\d\s*\^\s*[-\u2212]?\d/, 'power notation'],
    [/<[\w.]+ object at 0x[0-9a-fA-F]+>/, 'a Python object'],
    [/\b(?:Timestamp|datetime\.date|Decimal|np\.\w+)\(/, 'a Python value'],
    [/\bdtype\b|\bNaN\b|\bnan\b|\bNaT\b/, 'a Python value'],
    [/\b[A-Z][a-z]+(?:Error|Exception)\b|\bTraceback\b/, 'a Python error name'],
    [/\{'[^']*':|\['[^']*',/, 'a Python list or dictionary'],
    [/\b(?:tau|phi|sigma|sd)\s*=\s*\d/i, 'a symbol instead of words'],
  ];
  const fullText = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentNode) {
      if (!node.getAttribute) continue;
      if (node.getAttribute('title') || node.getAttribute('aria-label')) return true;
      if (node.querySelector && node.querySelector(':scope > title')) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    const el = node.parentElement;
    if (!text || !el || ['SCRIPT', 'STYLE', 'TITLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!shown(el)) continue;
    for (const [pattern, what] of CODE) {
      const found = text.match(pattern);
      if (found) say(`The page shows ${what}: "${found[0]}" in "${text.slice(0, 80)}"`);
    }
    if (/(\u2026|\.\.\.)$/.test(text) && text.length < 80 && !fullText(el)) {
      say(`The text "${text}" is cut short and its full text is nowhere on the page`);
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.children.length || !shown(el)) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 &&
        !fullText(el)) {
      say(`The text "${el.textContent.trim().slice(0, 60)}" is cut short with an ellipsis ` +
          'and its full text is nowhere on the page');
    }
  }

  // 6. Whole numbers on an axis written as whole numbers.
  for (const axis of document.querySelectorAll('.vega-embed g.role-axis-label')) {
    const labels = [...axis.querySelectorAll('text')].map(t => t.textContent.trim())
      .filter(Boolean);
    if (labels.length >= 2 && labels.every(label => /^-?[\d,]+\.0+$/.test(label))) {
      say(`A chart axis writes whole numbers with decimals: ${labels.slice(0, 4).join(', ')}`);
    }
  }
  return problems;
}
"""


def page_problems(page) -> list[str]:
    """Every problem the page check finds on the page as drawn now."""
    return page.evaluate(PAGE_CHECK_JS)


def problems_at_every_size(page, settle_ms: int = 600) -> list[str]:
    """The page check at each of ``SIZES``, each problem prefixed by the window it was seen in.
    The window is resized in place, so charts must follow it without a reload."""
    found = []
    for name, width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(settle_ms)
        found += [f"{name}: {problem}" for problem in page_problems(page)]
    page.set_viewport_size({"width": SIZES[0][1], "height": SIZES[0][2]})
    return found
