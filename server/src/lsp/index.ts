/**
 * Entry point of the Chain-of-Edits language server (bundled as dist/server.cjs).
 * The transport comes from the command line, as vscode-languageclient passes it: --stdio or
 * --node-ipc (both are pipes between two processes; the server never opens a network port).
 * Exits when the client goes away: createConnection watches the parent (--clientProcessId).
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node.js";
import { CoeServer } from "./CoeServer.js";

const connection = createConnection(ProposedFeatures.all);
new CoeServer(connection).listen();
