/**
 * The Python anchor of the serving bench: FastAPI + uvicorn (one worker) serving a
 * scikit-learn RandomForestClassifier(100) fitted on the same CSV, on the same Open Inference
 * (V2) body as ours, answering the same two outputs (the class, from one predict_proba pass,
 * as scikit-learn's own predict does, and the probabilities).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningServer } from "./serve-wrk.ts";

/** Debian's Python, where python3-fastapi, python3-uvicorn and python3-sklearn install. */
export const PYTHON = "/usr/bin/python3";

const app = `
import numpy as np
from typing import List, Optional
from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.ensemble import RandomForestClassifier
import os

data = np.loadtxt(os.environ["BENCH_CSV"], delimiter=",", skiprows=1)
model = RandomForestClassifier(n_estimators=100, random_state=0).fit(data[:, :-1], data[:, -1])

class Tensor(BaseModel):
    name: str
    shape: List[int]
    datatype: str
    data: list

class InferRequest(BaseModel):
    id: Optional[str] = None
    inputs: List[Tensor]

app = FastAPI()

@app.get("/v2/health/live")
def live():
    return {"live": True}

@app.post("/v2/models/{name}/infer")
def infer(name: str, request: InferRequest):
    x = np.asarray(request.inputs[0].data, dtype=np.float64).reshape(request.inputs[0].shape)
    proba = model.predict_proba(x)
    labels = model.classes_[proba.argmax(axis=1)]
    return {"model_name": name, "outputs": [
        {"name": "predict", "datatype": "INT64", "shape": [len(x)], "data": labels.astype(int).tolist()},
        {"name": "predict_proba", "datatype": "FP64", "shape": list(proba.shape), "data": proba.ravel().tolist()},
    ]}
`;

/** Whether FastAPI, uvicorn and scikit-learn are installed; when not, says how to install them. */
export function haveFastApi(): boolean {
  if (spawnSync(PYTHON, ["-c", "import fastapi, uvicorn, sklearn"]).status === 0) return true;
  console.log(
    `FastAPI, uvicorn or scikit-learn is missing for ${PYTHON}: install them with ` +
      "`apt-get install -y python3-fastapi python3-uvicorn python3-sklearn`. Skipping the Python side.",
  );
  return false;
}

/** Starts uvicorn on a free port and waits until it answers. */
export async function startFastApi(csv: string, port: number): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), "conveyor-fastapi-"));
  await writeFile(join(dir, "anchor.py"), app);
  const child = spawn(PYTHON, ["-m", "uvicorn", "anchor:app", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"], {
    cwd: dir,
    env: { ...process.env, BENCH_CSV: csv, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break;
    if (await answers(`${url}/v2/health/live`)) return { url, close };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await close();
  throw new Error("the FastAPI anchor did not start within 30 s");
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
