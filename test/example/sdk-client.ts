import type { AgentCard } from "@a2a-js/sdk";
import { ClientFactory, JsonRpcTransportFactory, RestTransportFactory, type Client } from "@a2a-js/sdk/client";

export type Binding = "JSONRPC" | "HTTP+JSON";
type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/** @a2a-js/sdk's own client over `binding`, sending `token` on every request through `fetcher`. */
export function sdkClient(card: AgentCard, binding: Binding, token: string, fetcher: Fetcher): Promise<Client> {
  // The SDK calls fetch with a URL and an init; a Request would need its body streamed.
  const fetchImpl = ((input: string | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${token}`);
    return fetcher(String(input), { ...init, headers });
  }) as typeof fetch;
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl }), new RestTransportFactory({ fetchImpl })],
    preferredTransports: [binding],
  });
  return factory.createFromAgentCard(card);
}
