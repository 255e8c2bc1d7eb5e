import { env } from "cloudflare:workers";
import { DurableObjectTaskStore } from "../../worker/index.js";
import { describeTaskStoreConformance } from "../conformance/task-store.conformance.js";
import { freshTenant, httpStore } from "./helpers.js";

// The shared contract against the Durable Object-backed store: directly over RPC, and through
// HttpTaskStore and the Worker's HTTP routes. Each store is a fresh tenant, so a fresh object
// and an empty database.
describeTaskStoreConformance("TaskStoreObject (Durable Object RPC)", () =>
  DurableObjectTaskStore.forTenant(env.TASK_STORE, freshTenant("rpc")),
);

describeTaskStoreConformance("HttpTaskStore → Worker fetch → TaskStoreObject", () => httpStore({ tenant: freshTenant("http") }));
