import { leaseSuite } from "./lease-suite.ts";

leaseSuite("postgres");
