import { Provider } from '@nestjs/common';
import { PepperConfig } from '@sesame/config';
import { Sealer, TokenHasher } from '@sesame/crypto';
import { CONFIG } from '@sesame/observability';

/** Keyed objects built once per process from the pepper list. */
export const CRYPTO_PROVIDERS: Provider[] = [
  { provide: TokenHasher, inject: [CONFIG], useFactory: (c: PepperConfig) => new TokenHasher(c.TOKEN_PEPPER) },
  { provide: Sealer, inject: [CONFIG], useFactory: (c: PepperConfig) => new Sealer(c.TOKEN_PEPPER) },
];
