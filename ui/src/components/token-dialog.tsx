/** Asks for the server's token when it wants one (a 401), and keeps it in this browser for every later call. */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { getToken, setToken } from "../api/client.ts";

export function TokenDialog({ onDone }: { onDone(): void }) {
  const [text, setText] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const hadOne = getToken() !== "";
  useEffect(() => input.current?.focus(), []);
  const save = (event: FormEvent) => {
    event.preventDefault();
    setToken(text.trim());
    onDone();
  };
  return (
    <div className="overlay">
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="token-title" onSubmit={save}>
        <h2 id="token-title">This server needs a token</h2>
        <p>{hadOne ? "The server refused the token this page had." : "Give the token in the server's CONVEYOR_TOKEN."} It is kept in this browser only.</p>
        <label htmlFor="token">Token</label>
        <input id="token" ref={input} type="password" autoComplete="current-password" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={text.trim() === ""}>
          Use this token
        </button>
      </form>
    </div>
  );
}
