import type { FastifyInstance } from 'fastify';
import type { DemoContext } from './demo/seed';
import { registryModule } from './modules/registry/index';

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
}

export const MODULES: ZxModule[] = [registryModule];
