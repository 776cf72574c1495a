/** The report's style: readable on screen, A4 with no app chrome when printed. */
export const reportCss = `
.report { max-width: 860px; margin: 0 auto; padding: 32px 40px 48px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; background: #fff; }
.report h1 { font-size: 24px; margin: 0 0 12px; }
.report__kind { font-weight: 400; color: #57606a; }
.report h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
.report h3 { font-size: 14px; margin: 16px 0 6px; }
.report h4 { font-size: 12px; margin: 8px 0 2px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; }
.report__facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 4px 24px; margin: 0; }
.report__facts div { display: flex; gap: 8px; }
.report__facts dt { font-weight: 600; flex: 0 0 84px; color: #57606a; }
.report__facts dd { margin: 0; overflow-wrap: anywhere; }
.report table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
.report th, .report td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; overflow-wrap: anywhere; }
.report th { background: #f6f8fa; font-weight: 600; }
.report__totals { display: flex; flex-wrap: wrap; gap: 8px 28px; align-items: baseline; }
.report__total, .report__recommendation { font-size: 16px; font-weight: 600; margin: 4px 0; }
.report__verdict { margin: 8px 0; padding: 4px 14px; border-left: 3px solid #0969da; background: #f6f8fa; }
.report__score { white-space: nowrap; font-weight: 600; }
.report__comment { margin: 0 0 4px; }
.report__signal { color: #57606a; font-size: 12px; margin: 0 0 2px; }
.report__over { color: #b42318; }
.report__muted { color: #57606a; }
.report__hardware { font-weight: 600; margin: 4px 0 8px; }
.report__parts, .report__notes, .report__inputs { padding-left: 18px; margin: 4px 0; }
.report__parts li, .report__notes li { margin: 3px 0; }
.report__details { display: block; color: #57606a; font-size: 13px; }
.report__calc { break-inside: avoid; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 14px 8px; margin: 8px 0; }
.report__steps { padding-left: 22px; margin: 4px 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.report__result { margin: 6px 0 0; }
.report__time { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: 6px; }
.report__prompt p { margin: 4px 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  .report { max-width: none; padding: 0; font-size: 11pt; }
  .report h2 { break-after: avoid; }
  .report li { break-inside: avoid; }
}
`
