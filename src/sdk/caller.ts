/** Finds the module that called into the SDK, so compiled IR can point back at it. */

/** The file URL or path of the module `depth` frames above the caller of this function. */
export function callerModule(depth = 2): string | undefined {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_, callSites) => callSites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, callerModule);
    return holder.stack?.[depth - 1]?.getFileName() ?? undefined;
  } finally {
    Error.prepareStackTrace = original;
  }
}
