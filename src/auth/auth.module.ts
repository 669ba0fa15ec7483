import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NonEmptyPatchGuard } from '../common/text-safety.js';
import { UnexpectedBodyGuard } from '../common/unexpected-body.guard.js';
import { AuthGuard } from './auth.guard.js';
import { OperatorAuthenticator } from './operator-authenticator.js';
import { IDENTITY_PROVIDER_PRINCIPAL_RESOLVER, ISSUER_PRINCIPAL_RESOLVERS, type PrincipalResolver } from './principal-resolver.js';
import { TokenService } from './token.service.js';

/** Token verification (identity provider, operators, the development issuer's keys); features that verify tokens import it. */
@Module({
  providers: [TokenService, OperatorAuthenticator],
  exports: [TokenService, OperatorAuthenticator],
})
export class AuthModule {}

/** Which features resolve tokens' subjects (the `PrincipalResolver` port): wired by the composition root. */
export interface AuthPrincipals {
  /** The modules that provide (and export) the resolvers. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Resolvers of Eenplan's own issuers, tried in order. */
  issuers: InjectionToken<PrincipalResolver>[];
  /** The resolver of the identity provider's tokens. */
  identityProvider: InjectionToken<PrincipalResolver>;
}

/** The global guards; the composition root says which features resolve the principals. */
@Module({})
export class AuthGuardModule {
  static forRoot(principals: AuthPrincipals): DynamicModule {
    return {
      module: AuthGuardModule,
      imports: [AuthModule, ...principals.imports],
      // guards run in this order: who is calling first, then whether a PATCH names anything to change and whether a
      // body came to an operation that takes none
      providers: [
        { provide: ISSUER_PRINCIPAL_RESOLVERS, inject: principals.issuers, useFactory: (...resolvers: PrincipalResolver[]) => resolvers },
        { provide: IDENTITY_PROVIDER_PRINCIPAL_RESOLVER, useExisting: principals.identityProvider },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: NonEmptyPatchGuard },
        { provide: APP_GUARD, useClass: UnexpectedBodyGuard },
      ],
    };
  }
}
