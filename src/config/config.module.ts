import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadConfig, type AppConfig } from './app-config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * The configuration is read and validated once at boot (main.ts needs it before Nest starts, to bring up
 * the embedded database); @nestjs/config re-validates the same environment and the typed result is
 * provided as APP_CONFIG, so nothing reads process.env later.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validate: (env) => {
            loadConfig(env as NodeJS.ProcessEnv);
            return env;
          },
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
