// The referee's start page: sends what earlier pages left in the outbox, and keeps the pages
// for reloads without a network.
import { keepOffline } from "./offline.js";
import { startOutbox } from "./outbox.js";

startOutbox();
keepOffline();
