/** The dashboard's frame: navigation, the page the URL names, and the token prompt. */
import { useEffect, useState } from "react";
import { onTokenRefused } from "./api/client.ts";
import { TokenDialog } from "./components/token-dialog.tsx";
import { useTitle } from "./components/title.ts";
import { ComparePage } from "./pages/compare/compare-page.tsx";
import { DeploymentPage } from "./pages/deployments/deployment-page.tsx";
import { DeploymentsPage } from "./pages/deployments/deployments-page.tsx";
import { ArtifactPage } from "./pages/artifact/artifact-page.tsx";
import { ExperimentsPage } from "./pages/experiments/experiments-page.tsx";
import { LineagePage } from "./pages/lineage/lineage-page.tsx";
import { ModelPage } from "./pages/models/model-page.tsx";
import { ModelsPage } from "./pages/models/models-page.tsx";
import { MonitorPage } from "./pages/monitors/monitor-page.tsx";
import { MonitorsPage } from "./pages/monitors/monitors-page.tsx";
import { RunPage } from "./pages/run/run-page.tsx";
import { RunsPage } from "./pages/runs-page.tsx";
import { StartPage } from "./pages/start/start-page.tsx";
import { TriggerPage } from "./pages/triggers/trigger-page.tsx";
import { TriggersPage } from "./pages/triggers/triggers-page.tsx";
import { Link, useLocation } from "./router.tsx";

function NotFound({ path }: { path: string }) {
  useTitle("Not found");
  return (
    <section>
      <h1>Not found</h1>
      <p role="alert">The dashboard has no page at {path}.</p>
      <Link href="/">All runs</Link>
    </section>
  );
}

function Page({ url }: { url: URL }) {
  const path = url.pathname;
  if (path === "/") return <RunsPage query={url.searchParams} />;
  if (path === "/start") return <StartPage query={url.searchParams} />;
  if (path === "/experiments") return <ExperimentsPage />;
  if (path === "/lineage") return <LineagePage query={url.searchParams} />;
  if (path === "/models") return <ModelsPage />;
  if (path === "/deployments") return <DeploymentsPage />;
  const deployment = /^\/deployments\/([^/]+)\/?$/.exec(path);
  if (deployment) return <DeploymentPage name={decodeURIComponent(deployment[1] as string)} />;
  if (path === "/compare") return <ComparePage query={url.searchParams} />;
  const model = /^\/models\/([^/]+)\/?$/.exec(path);
  if (model) return <ModelPage name={decodeURIComponent(model[1] as string)} />;
  if (path === "/triggers") return <TriggersPage />;
  const trigger = /^\/triggers\/([^/]+)\/?$/.exec(path);
  if (trigger) return <TriggerPage name={decodeURIComponent(trigger[1] as string)} />;
  if (path === "/monitors") return <MonitorsPage />;
  const monitor = /^\/monitors\/([^/]+)\/?$/.exec(path);
  if (monitor) return <MonitorPage name={decodeURIComponent(monitor[1] as string)} window={url.searchParams.get("window")} />;
  const artifact = /^\/artifacts\/([^/]+)\/?$/.exec(path);
  if (artifact) return <ArtifactPage id={decodeURIComponent(artifact[1] as string)} />;
  const run = /^\/runs\/([^/]+)\/?$/.exec(path);
  if (run) return <RunPage runId={decodeURIComponent(run[1] as string)} selected={url.searchParams.get("task") ?? undefined} />;
  return <NotFound path={path} />;
}

export function App() {
  const url = useLocation();
  const [asking, setAsking] = useState(false);
  // A new token re-mounts the page, so everything it shows is read again with it.
  const [tokenEpoch, setTokenEpoch] = useState(0);
  useEffect(() => onTokenRefused(() => setAsking(true)), []);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="main">
          <Link href="/" className="brand">
            Conveyor
          </Link>
          <Link href="/" aria-current={url.pathname === "/" || url.pathname.startsWith("/runs") ? "page" : undefined}>
            Runs
          </Link>
          <Link href="/experiments" aria-current={url.pathname === "/experiments" ? "page" : undefined}>
            Experiments
          </Link>
          <Link href="/models" aria-current={url.pathname.startsWith("/models") ? "page" : undefined}>
            Models
          </Link>
          <Link href="/deployments" aria-current={url.pathname.startsWith("/deployments") ? "page" : undefined}>
            Deployments
          </Link>
          <Link href="/monitors" aria-current={url.pathname.startsWith("/monitors") ? "page" : undefined}>
            Monitors
          </Link>
          <Link href="/triggers" aria-current={url.pathname.startsWith("/triggers") ? "page" : undefined}>
            Triggers
          </Link>
          <Link href="/lineage" aria-current={url.pathname === "/lineage" ? "page" : undefined}>
            Lineage
          </Link>
          <Link href="/start" aria-current={url.pathname === "/start" ? "page" : undefined}>
            Start a run
          </Link>
        </nav>
      </header>
      <main id="main" key={tokenEpoch}>
        <Page url={url} />
      </main>
      {asking && (
        <TokenDialog
          onDone={() => {
            setAsking(false);
            setTokenEpoch((n) => n + 1);
          }}
        />
      )}
    </>
  );
}
