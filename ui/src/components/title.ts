/** Each page names itself in the browser's title bar and history. */
import { useEffect } from "react";

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Conveyor`;
  }, [title]);
}
