import { InMemoryTaskStore } from "../../src/index.js";
import { describeTaskStoreConformance } from "../conformance/task-store.conformance.js";

describeTaskStoreConformance("InMemoryTaskStore", () => new InMemoryTaskStore());
