// Downloads for actions (Node's fetch; redirects followed, the token sent only to the API host as GitHub's clients do).
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** GET `url` with the token, following a redirect without it (as to codeload / object storage), into `file`. */
export async function download(url, token, file, signal) {
  let response = await fetch(url, { headers: { authorization: `token ${token}`, accept: "application/vnd.github+json", "user-agent": "kmodforge-local-runner" }, redirect: "manual", signal });
  if (response.status >= 300 && response.status < 400 && response.headers.get("location")) {
    const location = new URL(response.headers.get("location"), url).href;
    response = await fetch(location, { signal, headers: { "user-agent": "kmodforge-local-runner" } });
  }
  if (!response.ok) {
    const body = await response.text().catch(() => "");
    const error = new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
    error.status = response.status;
    throw error;
  }
  await pipeline(Readable.fromWeb(response.body), createWriteStream(file));
}
