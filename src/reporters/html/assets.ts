/** The HTML report's stylesheet: laptop-first, with a print layout (A4, no switch, no shadows). */
export const HTML_STYLE = `
:root { --fg:#24292f; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --good:#1a7f37; --fair:#bf8700; --poor:#cf222e; --none:#8c959f; }
* { box-sizing: border-box; }
html[data-lang="en"] [lang="ja"], html[data-lang="ja"] [lang="en"] { display: none; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", Meiryo, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 14px; display: flex; align-items: center; gap: 10px; }
h3 { font-size: 15px; margin: 0 0 8px; }
h4 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 16px 0 6px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eff1f3; padding: 1px 5px; border-radius: 4px; overflow-wrap: break-word; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 22px; margin: 18px 0; }
.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; padding: 8px 0 4px; }
.meta { color: var(--muted); margin: 4px 0 0; font-size: 13.5px; }
.switch { display: inline-flex; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; background: #fff; flex: none; }
.switch button { border: 0; background: none; padding: 7px 14px; font: inherit; font-size: 13.5px; cursor: pointer; color: var(--muted); }
.switch button[aria-pressed="true"] { background: #0969da; color: #fff; }
.cards { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 12px; }
.card { display: block; color: inherit; text-decoration: none; border: 1px solid var(--line); border-top: 5px solid var(--none); border-radius: 8px; padding: 12px 12px 10px; background: #fff; }
.card.good { border-top-color: var(--good); } .card.fair { border-top-color: var(--fair); } .card.poor { border-top-color: var(--poor); }
.card-title { font-size: 13px; font-weight: 600; min-height: 40px; }
.score { font-size: 34px; font-weight: 700; line-height: 1.1; margin: 6px 0; }
.card.good .score { color: var(--good); } .card.fair .score { color: var(--fair); } .card.poor .score { color: var(--poor); }
.score small { font-size: 13px; color: var(--muted); font-weight: 500; margin-left: 2px; }
.score .na { color: var(--none); }
.counts { display: flex; flex-direction: column; font-size: 12.5px; color: var(--muted); }
.c-fail { color: var(--poor); font-weight: 600; } .c-pass { color: var(--good); } .c-unknown { color: var(--fair); } .c-na { color: var(--muted); }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; margin-top: 18px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
figcaption { font-size: 13px; font-weight: 600; color: var(--muted); margin-bottom: 6px; }
.chart { display: block; max-height: 260px; }
.badge { display: inline-block; min-width: 44px; text-align: center; border-radius: 999px; padding: 2px 10px; color: #fff; background: var(--none); font-size: 15px; }
.badge.good { background: var(--good); } .badge.fair { background: var(--fair); } .badge.poor { background: var(--poor); }
.check { border-left: 4px solid var(--poor); background: #fff8f8; border-radius: 6px; padding: 10px 14px; margin: 12px 0; break-inside: avoid; }
.check.accepted { border-left-color: var(--none); background: #f6f8fa; }
.check.error { border-left-color: #8250df; background: #fbf8ff; }
.sev { display: inline-block; font-size: 11.5px; font-weight: 700; text-transform: uppercase; color: #fff; border-radius: 4px; padding: 1px 7px; vertical-align: 1px; }
.sev-critical { background: #8b0000; } .sev-high { background: #cf222e; } .sev-medium { background: #d4760a; } .sev-low { background: #bf8700; } .sev-info { background: #6e7781; }
.resources { margin: 6px 0; padding-left: 20px; }
.resources li { margin: 5px 0; }
.resources li.suppressed { color: var(--muted); }
.where { color: #0550ae; }
.accepted-note { font-size: 13px; color: var(--muted); font-style: italic; }
.defender-note { font-size: 13px; color: var(--muted); }
.fix { margin: 8px 0 0; font-size: 14px; }
.docs { color: var(--muted); font-size: 12.5px; }
.passing { list-style: none; padding: 0; margin: 0; columns: 2; column-gap: 28px; font-size: 13.5px; }
.passing li { break-inside: avoid; margin: 3px 0; }
.ok { color: var(--good); font-weight: 700; }
.attested { color: #0550ae; font-size: 12.5px; }
.muted { color: var(--muted); }
.traces { list-style: none; padding: 0; margin: 0; }
.traces li { padding: 6px 0; border-top: 1px solid #eaeef2; font-size: 13.5px; }
.tag { display: inline-block; font-size: 11.5px; font-weight: 600; border-radius: 4px; padding: 1px 7px; margin-right: 4px; }
.tag.internet { background: #ffebe9; color: #a40e26; } .tag.restricted { background: #fff8c5; color: #7d4e00; } .tag.unknown { background: #eaeef2; color: var(--muted); }
.vm { margin: 10px 0 14px; break-inside: avoid; }
.chain { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; margin-top: 6px; }
.step { border: 1px solid var(--line); border-radius: 6px; padding: 3px 8px; background: #fff; font-size: 13px; line-height: 1.4; }
.step.src { background: #ffebe9; border-color: #ffcecb; }
.restricted .step.src { background: #fff8c5; border-color: #eedd99; }
.step.nsg { background: #f6f8fa; }
.step.vm { background: #ddf4ff; border-color: #b6e3ff; }
.arrow { color: var(--muted); font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 7px 8px; border-top: 1px solid #eaeef2; }
th { color: var(--muted); font-weight: 600; font-size: 12.5px; }
.compact { columns: 2; column-gap: 28px; font-size: 13.5px; }
.warnings { border-color: #d4a72c; background: #fff8c5; }
.note { background: #ddf4ff; border: 1px solid #54aeff; border-radius: 8px; padding: 10px 14px; }
footer { color: var(--muted); font-size: 12.5px; margin-top: 24px; }
@media (max-width: 900px) { .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); } .charts { grid-template-columns: 1fr; } .passing, .compact { columns: 1; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; font-size: 11.5px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  .no-print { display: none !important; }
  section { border: 0; border-top: 2px solid var(--line); border-radius: 0; padding: 12px 0; margin: 10px 0; }
  section.glance { border-top: 0; }
  .cards { grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 6px; }
  .card { padding: 8px; } .score { font-size: 24px; }
  .charts { grid-template-columns: 1fr 1fr; break-inside: avoid; }
  .pillar, .exposure, .not-assessed { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The language switch: shows one language, presses its button, and retitles the page. */
export const HTML_SCRIPT = `
(function () {
  var titles = __TITLES__;
  function setLang(lang) {
    document.documentElement.setAttribute('data-lang', lang);
    document.documentElement.setAttribute('lang', lang);
    document.title = titles[lang];
    var buttons = document.querySelectorAll('[data-set-lang]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-set-lang') === lang));
  }
  var buttons = document.querySelectorAll('[data-set-lang]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (event) { setLang(event.currentTarget.getAttribute('data-set-lang')); });
  }
})();
`;
