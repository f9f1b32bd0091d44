/* The header search box (partials/briefing-search.html) on Pagefind's search API.
 *
 * Material's search box and result list, fed by Pagefind instead of Material's single index: the
 * index is split into chunks and a query loads only the chunks for its words and the fragments of
 * the results shown. Pagefind is loaded on first use (focus or typing), from the site itself.
 * Every title and excerpt is put in the page as text (only Pagefind's <mark> is kept), so nothing
 * a seed says can become markup here. Listeners sit on the document: they survive Material's
 * instant navigation, which swaps the page content under them.
 */
(() => {
  "use strict"

  const script = document.currentScript
  const root = new URL("../../", script.src)        /* assets/javascripts/ -> the site's root */
  const PAGE = 10                                   /* results rendered at a time, more on scroll */
  const PAUSE_MS = 200                              /* search once typing pauses this long... */
  const SHORT_PAUSE_MS = 700                        /* ...or this long when the last word has two letters */
  let pagefind = null                               /* Promise of the Pagefind module */
  let shown = { term: null, results: [], next: 0 }
  let pending = null                                /* the timer of the search waiting for a pause */

  const box = () => document.querySelector("[data-briefing-search]")
  const input = () => box()?.querySelector(".md-search__input")
  const toggle = () => document.getElementById("__search")

  function load() {
    if (pagefind === null) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async module => {
        await module.options({ baseUrl: root.pathname, excerptLength: 24 })
        await module.init()
        return module
      })
      pagefind.catch(() => {
        pagefind = null
        setMeta(box()?.dataset.failed)
      })
    }
    return pagefind
  }

  function setOpen(open) {
    const checkbox = toggle()
    if (checkbox && checkbox.checked !== open) {
      checkbox.checked = open
      checkbox.dispatchEvent(new Event("change"))   /* Material locks page scrolling on phones */
    }
  }

  function setMeta(text) {
    const meta = box()?.querySelector(".md-search-result__meta")
    if (meta && text) meta.textContent = text
  }

  function countText(n) {
    const data = box().dataset
    if (n === 0) return data.none
    if (n === 1) return data.one
    return data.other.replace("#", n.toLocaleString("en"))
  }

  /* Pagefind's excerpt is HTML-escaped text with <mark> around the matches: parsed inertly, and
   * rebuilt from its text with only the marks kept. */
  function excerptNodes(excerpt) {
    const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, "text/html").body
    return [...parsed.childNodes].flatMap(node => {
      if (node.nodeName !== "MARK") return [document.createTextNode(node.textContent)]
      const [, word, after] = node.textContent.match(/^(.*?)([.,:;!?)»”’"']*)$/s)  /* "Umerov," marks "Umerov" */
      const mark = document.createElement("mark")
      mark.textContent = word
      return [mark, document.createTextNode(after)]
    })
  }

  function resultItem(data) {
    const url = new URL(data.url, root)
    const link = document.createElement("a")
    link.className = "md-search-result__link"
    link.tabIndex = -1
    if (url.protocol === "http:" || url.protocol === "https:") link.href = url.href
    const article = document.createElement("article")
    article.className = "md-search-result__article md-typeset"
    const icon = document.createElement("div")
    icon.className = "md-search-result__icon md-icon"
    const title = document.createElement("h1")
    title.textContent = data.meta?.title || url.pathname
    const teaser = document.createElement("p")
    teaser.append(...excerptNodes(data.excerpt || ""))
    article.append(icon, title, teaser)
    link.append(article)
    const item = document.createElement("li")
    item.className = "md-search-result__item"
    item.append(link)
    return item
  }

  async function renderMore() {
    const list = box()?.querySelector(".md-search-result__list")
    const { term, results, next } = shown
    if (!list || next >= results.length) return
    shown.next = next + PAGE
    const data = await Promise.all(results.slice(next, next + PAGE).map(result => result.data()))
    if (shown.term !== term) return                 /* a newer query took over meanwhile */
    list.append(...data.map(resultItem))
  }

  /* Search once typing pauses. Each word is looked up as a prefix, and a short prefix needs the
   * index chunks of every word it starts ("pr": "president", "press", "prisoners"...), so a last
   * word of one letter is not searched, and one of two letters ("Xi", "EU") only after a longer
   * pause, which typing on through it does not make. Not Pagefind's debouncedSearch: it preloads
   * the chunks of every prefix typed on the way. */
  function search(term) {
    clearTimeout(pending)
    const last = /\s$/.test(term) ? "" : term.trim().split(/\s+/).pop()
    if (term.trim().length < 2) pending = setTimeout(() => run(""))
    else if (last.length === 0 || last.length >= 3) pending = setTimeout(() => run(term), PAUSE_MS)
    else if (last.length === 2) pending = setTimeout(() => run(term), SHORT_PAUSE_MS)
  }

  async function run(term) {
    const list = box()?.querySelector(".md-search-result__list")
    if (!list) return
    if (!term.trim()) {
      shown = { term: null, results: [], next: 0 }
      list.replaceChildren()
      setMeta(box().dataset.placeholder)
      return
    }
    const module = await load()
    const found = await module.search(term)
    if (input()?.value !== term) return             /* superseded by a later keystroke */
    shown = { term, results: found.results, next: 0 }
    list.replaceChildren()
    list.scrollTop = 0
    setMeta(countText(found.results.length))
    await renderMore()
  }

  function firstResult() {
    return box()?.querySelector(".md-search-result__link[href]")
  }

  document.addEventListener("input", event => {
    if (event.target === input()) search(event.target.value)
  })
  document.addEventListener("focusin", event => {
    if (event.target === input()) {
      setTimeout(() => setOpen(true))                /* after a click on the header's button has toggled it */
      load()
    }
  })
  document.addEventListener("submit", event => {
    if (event.target === input()?.form) {
      event.preventDefault()
      firstResult()?.click()
    }
  })
  document.addEventListener("reset", event => {
    if (event.target === input()?.form) {
      setTimeout(() => { search(""); input().focus() })
    }
  })
  document.addEventListener("click", event => {
    const target = event.target instanceof Element ? event.target : null
    if (target?.closest("header [for=__search]")) {
      input()?.focus()                               /* brings up the keyboard on phones */
    } else if (target?.closest("[data-briefing-search] a")) {
      setOpen(false)
    }
  })
  document.addEventListener("scroll", event => {       /* scroll does not bubble: caught on its way down */
    const wrap = event.target
    if (wrap instanceof Element && wrap.matches("[data-briefing-search] .md-search__scrollwrap")
        && wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 200) renderMore()
  }, true)

  /* Keys as with Material's own search: "/", "s" or "f" opens it; Escape closes it; the arrows move
   * through the results. */
  window.addEventListener("keydown", event => {
    if (event.metaKey || event.ctrlKey || event.altKey || !box()) return
    const field = input()
    const active = document.activeElement
    if (!toggle()?.checked) {
      const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement
        || active instanceof HTMLSelectElement || active?.isContentEditable
      if (!typing && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault()
        field.focus()
        field.select()
      }
      return
    }
    if (event.key === "Escape" || event.key === "Tab") {
      setOpen(false)
      field.blur()
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const stops = [field, ...box().querySelectorAll(".md-search-result__link[href]")]
      const at = Math.max(0, stops.indexOf(active))
      stops[(at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length].focus()
      event.preventDefault()
    }
  })
})()
