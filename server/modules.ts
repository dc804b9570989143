import type { FastifyInstance } from 'fastify';
import type { Job } from './core/jobs/jobs';
import type { DemoContext } from './demo/seed';
import { pointsModule } from './modules/points/index';
import { registryModule } from './modules/registry/index';
import { sanitationModule } from './modules/sanitation/index';
import { shopModule } from './modules/shop/index';

/**
 * The modules of the brief, in the order they register. Each brings its routes and, where
 * it has one, its part of the demo town. Modules stand on the core; none imports another's
 * repository.
 */
export interface ZxModule {
  name: string;
  routes: (app: FastifyInstance) => Promise<void>;
  /** This module's part of the demo town, run after the parts before it. */
  demo?: (ctx: DemoContext) => Promise<void>;
  /** Scheduled work the server runs (each safe to run twice). */
  jobs?: Job[];
}

export const MODULES: ZxModule[] = [registryModule, pointsModule, shopModule, sanitationModule];
