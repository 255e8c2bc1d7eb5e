// The baseline for `npm run bench:http`: Hono in the same runtime (wrangler dev / workerd),
// answering every GET with a fixed JSON task the size of the store's GET /tasks/{id} reply.
import { Hono } from "hono";

const TASK = {
  id: "5b1f3c9e-8a41-4d2b-9c1e-3f6a7b8c9d0e",
  contextId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
  status: {
    state: "TASK_STATE_WORKING",
    message: {
      messageId: "7c6b5a49-3827-4160-9f8e-7d6c5b4a3928",
      contextId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      taskId: "5b1f3c9e-8a41-4d2b-9c1e-3f6a7b8c9d0e",
      role: "ROLE_AGENT",
      parts: [{ text: "Working on request 421337: step 2 of 5" }],
    },
    timestamp: "2026-01-16T09:41:12.345Z",
  },
  history: [
    {
      messageId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      contextId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      taskId: "5b1f3c9e-8a41-4d2b-9c1e-3f6a7b8c9d0e",
      role: "ROLE_USER",
      parts: [{ text: "Summarise report #421337 for the quarterly review" }],
    },
    {
      messageId: "6d5c4b3a-2918-4776-a5b4-c3d2e1f0a9b8",
      contextId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      taskId: "5b1f3c9e-8a41-4d2b-9c1e-3f6a7b8c9d0e",
      role: "ROLE_AGENT",
      parts: [{ text: "Report #421337 covers 68 items; drafting the summary now." }],
    },
  ],
  artifacts: [
    {
      artifactId: "9e8d7c6b-5a49-4382-9716-05f4e3d2c1b0",
      name: "summary-421337.md",
      parts: [{ text: "# Summary of report 421337\n\nRevenue grew 8% quarter on quarter.", mediaType: "text/markdown" }],
    },
  ],
  metadata: { tenant: "tenant-3", priority: 2, source: "api" },
};

const app = new Hono();
app.get("*", (c) => c.json(TASK, 200, { "content-type": "application/a2a+json" }));

export default app;
