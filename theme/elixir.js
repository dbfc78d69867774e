// Elixir for highlight.js, which mdBook bundles without it (Module 2.2's blocks would otherwise be
// refused with "Unknown language" and break the page's scripts). `cargo xtask regenerate` appends
// this file to mdBook's own highlight.js to make theme/highlight.js, which mdBook then uses instead;
// edit this file, never that one. Written against highlight.js 10.1, the version mdBook 0.4 ships.
hljs.registerLanguage("elixir", function (hljs) {
  const IDENTIFIER = "[a-zA-Z_][a-zA-Z0-9_]*[?!]?";
  const KEYWORDS = {
    keyword:
      "after alias and case catch cond def defdelegate defexception defguard defguardp defimpl " +
      "defmacro defmacrop defmodule defp defprotocol defstruct do else end fn for if import in " +
      "not or quote raise receive require rescue reraise super throw try unless unquote " +
      "unquote_splicing use when with",
    literal: "true false nil",
  };
  // #{...} inside a double-quoted string or a sigil: code again.
  const INTERPOLATION = { className: "subst", begin: /#\{/, end: /\}/, keywords: KEYWORDS };
  const ESCAPED_STRING = (begin, end) => ({
    className: "string",
    begin,
    end,
    contains: [hljs.BACKSLASH_ESCAPE, INTERPOLATION],
  });
  // ~r/…/, ~w(…), ~s"…" and the other sigils, with any of the delimiters Elixir allows.
  const SIGIL_DELIMITERS = [
    ["\\(", "\\)"],
    ["\\[", "\\]"],
    ["\\{", "\\}"],
    ["<", ">"],
    ["/", "/"],
    ["\\|", "\\|"],
    ['"', '"'],
    ["'", "'"],
  ];
  const SIGILS = SIGIL_DELIMITERS.map(([open, close]) => ({
    className: "string",
    begin: "~[a-zA-Z]" + open,
    end: close + "[a-zA-Z]*",
    contains: [hljs.BACKSLASH_ESCAPE, INTERPOLATION],
  }));
  return {
    name: "Elixir",
    aliases: ["ex", "exs"],
    keywords: KEYWORDS,
    contains: [
      // The prompts of an iex session.
      { className: "meta", begin: /^(iex|\.\.\.)(\(\d+\))?>/, relevance: 10 },
      // What iex prints for an error: `** (MatchError) no match of ...`.
      { className: "meta", begin: /^\*\* \([A-Za-z.]+\)/, end: /$/ },
      // Values iex prints opaquely (#PID<0.112.0>, #Function<...>), which are not comments.
      { className: "meta", begin: /#[A-Z][A-Za-z.]*</, end: />/ },
      hljs.HASH_COMMENT_MODE,
      ESCAPED_STRING('"""', '"""'),
      ESCAPED_STRING('"', '"'),
      { className: "string", begin: "'", end: "'", contains: [hljs.BACKSLASH_ESCAPE] },
      ...SIGILS,
      // Module attributes: @moduledoc, @spec, @max_bytes.
      { className: "variable", begin: "@" + IDENTIFIER },
      // Atoms (:ok, :"quoted atom") and the keys of keyword lists and maps (name: "ada").
      { className: "symbol", begin: ':"', end: '"', contains: [hljs.BACKSLASH_ESCAPE, INTERPOLATION] },
      { className: "symbol", begin: "(?<![:\\w]):" + IDENTIFIER, relevance: 0 },
      { className: "symbol", begin: IDENTIFIER + ":(?!:)", relevance: 0 },
      // Module names: BeamTour, Kernel.SpecialForms.
      { className: "title", begin: "\\b[A-Z][a-zA-Z0-9_]*(\\.[A-Z][a-zA-Z0-9_]*)*", relevance: 0 },
      {
        className: "number",
        begin: "\\b(0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+|\\d[\\d_]*(\\.\\d[\\d_]*([eE][-+]?\\d+)?)?)\\b",
        relevance: 0,
      },
      // ?a, the integer code point of a character.
      { className: "number", begin: "\\?\\\\?\\S", relevance: 0 },
    ],
  };
});
// mdBook's book.js highlights the code blocks as soon as it loads; highlight.js comes first, so
// the language registered above is already there for it.
