"""Research-briefing site generator: seeds/*.txt -> Markdown briefing pages -> MkDocs site."""
