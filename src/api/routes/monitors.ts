/**
 * Monitors: their state, their windows with the verdicts, each window's report (JSON, or the
 * HTML page), the figures as history, and the alerts in the order raised. Monitors run from
 * `conveyor monitors run` (or code), not the server: these routes read what they recorded.
 */
import { z } from "zod";
import { ConveyorError } from "../../errors.ts";
import { readReport } from "../../monitor/read-windows.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { errorResponses } from "../schemas/common.ts";
import { AlertQuery, FigureParams, Monitor, MonitorAlert, MonitorDetail, MonitorFigure, MonitorParams, MonitorWindow, Report, WindowParams, WindowQuery } from "../schemas/monitors.ts";

export function monitorRoutes(app: Api, { store, artifacts }: ApiContext): void {
  const monitorOrFail = async (name: string) => {
    const monitor = await store.getMonitor(name);
    if (monitor) return monitor;
    throw new ConveyorError(`no monitor "${name}"`, "a monitor appears once `conveyor monitors run` ran it", "not_found");
  };
  const windowOrFail = async (name: string, seq: number) => {
    await monitorOrFail(name);
    const window = await store.findMonitorWindow(name, seq);
    if (window) return window;
    throw new ConveyorError(`monitor "${name}" has no window ${seq}`, "GET its windows to see which it judged", "not_found");
  };

  app.get(
    `${API}/monitors`,
    { schema: { summary: "Monitors by name, with their state", tags: ["monitors"], response: { 200: Monitor.array(), ...errorResponses() } } },
    () => store.listMonitors(),
  );

  app.get(
    `${API}/monitors/:monitor`,
    {
      schema: {
        summary: "A monitor: its definition, state, latest 10 windows and the names of its figures",
        tags: ["monitors"],
        params: MonitorParams,
        response: { 200: MonitorDetail, ...errorResponses(404) },
      },
    },
    async (request) => {
      const monitor = await monitorOrFail(request.params.monitor);
      const [windows, figures] = await Promise.all([store.listMonitorWindows(monitor.name, { limit: 10 }), store.monitorMetricNames(monitor.name)]);
      return { ...monitor, windows, figures };
    },
  );

  app.get(
    `${API}/monitors/:monitor/windows`,
    {
      schema: { summary: "The monitor's windows, newest first, with their verdicts", tags: ["monitors"], params: MonitorParams, querystring: WindowQuery, response: { 200: MonitorWindow.array(), ...errorResponses(404) } },
    },
    async (request) => {
      await monitorOrFail(request.params.monitor);
      return store.listMonitorWindows(request.params.monitor, { limit: request.query.limit });
    },
  );

  app.get(
    `${API}/monitors/:monitor/windows/:seq/report`,
    { schema: { summary: "A window's report as JSON", tags: ["monitors"], params: WindowParams, response: { 200: Report, ...errorResponses(404) } } },
    async (request) => JSON.parse(await readReport(store, artifacts, await windowOrFail(request.params.monitor, request.params.seq), "json")),
  );

  app.get(
    `${API}/monitors/:monitor/windows/:seq/report.html`,
    {
      schema: {
        summary: "A window's report as a self-contained HTML page (inline SVG histograms, no external assets)",
        tags: ["monitors"],
        params: WindowParams,
        response: { 200: { description: "the page", content: { "text/html": { schema: z.string() } } }, ...errorResponses(404) },
      },
    },
    async (request, reply) => reply.type("text/html; charset=utf-8").send(await readReport(store, artifacts, await windowOrFail(request.params.monitor, request.params.seq), "html")),
  );

  app.get(
    `${API}/monitors/:monitor/figures/:name`,
    {
      schema: { summary: "A figure's value in each window, oldest first: for charts", tags: ["monitors"], params: FigureParams, response: { 200: MonitorFigure.array(), ...errorResponses(404) } },
    },
    async (request) => {
      await monitorOrFail(request.params.monitor);
      return store.monitorMetricHistory(request.params.monitor, request.params.name);
    },
  );

  app.get(
    `${API}/monitor-alerts`,
    {
      schema: {
        summary: "Alerts (drift in K consecutive windows, a performance drop) with an id above `after`, oldest first",
        tags: ["monitors"],
        querystring: AlertQuery,
        response: { 200: MonitorAlert.array(), ...errorResponses() },
      },
    },
    async (request) => {
      const { after, monitor, limit } = request.query;
      return store.listMonitorAlerts({ after, limit, ...(monitor !== undefined && { monitor }) });
    },
  );
}
