/** An HTML report (a monitor's) shown in a sandboxed frame: no script of it runs, and it cannot reach the dashboard or its token. */
export function HtmlReport({ html, title }: { html: string; title: string }) {
  return <iframe className="report" title={title} sandbox="" srcDoc={html} />;
}
