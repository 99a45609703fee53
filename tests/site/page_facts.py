"""What a visit to a page of the built book reads from it (tests/site/conftest.py ``visit``).

Each script is a JavaScript function that Playwright evaluates in the page
once it has loaded, typeset its math and loaded its images; each gives one
field of :class:`conftest.Visit`. The tests that check a check can fail
(``test_the_checks_can_fail``, ``test_the_finish_checks_can_fail``) run the
same scripts on a page of their own.
"""

#: Visit.facts: what tests/site/test_pages.py and test_languages.py check
FACTS_JS = r"""() => {
  const hrefs = (sel) => [...document.querySelectorAll(sel)].map(e => e.getAttribute('href'));
  const article = document.querySelector('article') || document.body;
  // TensorFlow / absl log lines: "WARNING:tensorflow:...", "W0000 00:00:...", "I0000 ...".
  const LOG_LINE = new RegExp(
    '^(DEBUG|INFO|WARNING|ERROR):(tensorflow|absl)|^[IWEF]\\d{4} [\\d:.]+ +\\d+ \\S+:\\d+\\]');
  const title = document.querySelector('article h1');
  const h1 = title ? title.cloneNode(true) : document.createElement('h1');
  h1.querySelectorAll('.section-number, .headerlink').forEach(e => e.remove());
  return {
    h1: h1.textContent.trim(),
    scroll_width: document.documentElement.scrollWidth,
    wide_tables: [...article.querySelectorAll('table')].filter(t =>
      t.scrollWidth > t.parentElement.clientWidth + 1
      || t.getBoundingClientRect().right > article.getBoundingClientRect().right + 1
    ).map(t => t.innerText.replace(/\s+/g, ' ').slice(0, 80)),
    // Code and printed text that would need a sideways scroll bar to be read.
    wide_code: [...article.querySelectorAll('div.cell pre, div.highlight pre')].filter(
      p => p.scrollWidth > p.clientWidth + 1
    ).map(p => p.innerText.split('\n').reduce((a, b) => (b.length > a.length ? b : a))
      .slice(0, 120)),
    // Markdown printed by a cell (display(Markdown(...))) that was not parsed:
    // a table's |---|---| row left as text outside any <pre> (Sphinx's smart
    // quotes turn its dashes into en and em dashes).
    raw_markdown: [...article.querySelectorAll('.cell_output')].map(o => {
      const copy = o.cloneNode(true);
      copy.querySelectorAll('pre').forEach(p => p.remove());
      return copy.textContent;
    }).filter(t => /\|\s*:?[-\u2013\u2014]+:?\s*\|\s*:?[-\u2013\u2014]+:?\s*\|/.test(t))
      .map(t => t.trim().slice(0, 80)),
    log_lines: [...article.querySelectorAll('.cell_output')].flatMap(o =>
      o.innerText.split('\n').filter(line => LOG_LINE.test(line))).map(l => l.slice(0, 160)),
    tracebacks: article.querySelectorAll('.cell_output .traceback, .cell_output .stderr').length,
    scripts: [...document.scripts].filter(s => s.src).map(s => s.src.split('?')[0]),
    images: [...document.images].map(i => ({
      src: i.currentSrc || i.src, complete: i.complete, width: i.naturalWidth})),
    links: hrefs('a[href]'),
    math: {
      sources: document.querySelectorAll('.math').length,
      typeset: document.querySelectorAll('mjx-container').length,
      errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
    },
    // widget views and widget state (script types application/vnd.jupyter.widget-*)
    widget_scripts: [...document.querySelectorAll('script[type^="application/vnd.jupyter.widget"]')]
      .map(s => s.type),
    lang: document.documentElement.lang,
    other_language: hrefs('a.nnbook-language'),
    colab: hrefs('a[href*="colab.research.google.com"]'),
    download: hrefs('a.btn-download-source-button'),
    // the site's own search page: its result links, once it has searched
    search_results: hrefs('#search-results ul.search li a'),
  };
}"""


#: Visit.reader_facts: what tests/site/test_reader.py checks (a phone's width,
#: alt texts, blank outputs, widget controls)
READER_FACTS_JS = r"""() => {
  const article = document.querySelector('article') || document.body;
  return {
    scroll_width: document.documentElement.scrollWidth,
    client_width: document.documentElement.clientWidth,
    // elements sticking out past the right edge of the screen, to say which
    too_wide: [...article.querySelectorAll('*')].filter(e => {
      const r = e.getBoundingClientRect();
      return r.right > document.documentElement.clientWidth + 1 && r.width > 0
        && !e.closest('.pst-scrollable-table-container, .table-wrapper, pre, .MathJax,'
                      + ' mjx-container, .highlight');
    }).map(e => `${e.tagName.toLowerCase()}.${e.className}: `
                + (e.innerText || '').slice(0, 60)).slice(0, 5),
    figures: [...article.querySelectorAll('.cell_output img')].map(i => ({
      src: i.getAttribute('src'), alt: i.getAttribute('alt') || '',
      shown: i.getBoundingClientRect().width, natural: i.naturalWidth})),
    // textContent, not innerText: outputs inside closed toggles have no innerText
    blank_outputs: [...article.querySelectorAll('.cell_output pre')].filter(
      p => !p.textContent.trim()).length,
    controls: [...article.querySelectorAll(
      '.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets button,'
      + ' .jupyter-widgets .slider, .widget-slider')].length,
  };
}"""


#: Visit.finish_facts: what tests/site/test_finish.py checks (figures and their
#: captions, the prose's numbers)
FINISH_FACTS_JS = r"""() => {
  const article = document.querySelector('article') || document.body;
  const figures = [...article.querySelectorAll('.cell_output img')].map(img => {
    const figure = img.closest('figure');
    const caption = figure ? figure.querySelector('figcaption') : null;
    const text = caption ? caption.cloneNode(true) : null;
    if (text) text.querySelectorAll('.headerlink').forEach(x => x.remove());
    return {
      src: img.getAttribute('src'),
      alt: img.getAttribute('alt') || '',
      caption: text ? text.textContent.replace(/\s+/g, ' ').trim() : null,
      id: figure ? figure.id : null,
    };
  });
  // Prose: paragraphs, list items, table cells and captions, each without
  // its code, math and outputs (a list item is read without its nested lists
  // and paragraphs, which are read on their own).
  const prose = [...article.querySelectorAll('p, li, td, th, figcaption, dt, dd')]
    .filter(e => !e.closest('.cell_output, pre, .highlight, code, mjx-container, .math'))
    .map(e => {
      const copy = e.cloneNode(true);
      copy.querySelectorAll(
        'code, pre, .highlight, .math, mjx-container, script, .headerlink, ul, ol, p, table'
      ).forEach(x => x.remove());
      return copy.textContent.replace(/\s+/g, ' ').trim();
    })
    .filter(t => t.length > 0);
  return {figures, prose};
}"""
