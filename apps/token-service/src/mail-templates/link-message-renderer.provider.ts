import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { LinkMessageRenderer } from '@sesame/mail-templates';

/**
 * The LinkMessageRenderer, compiled in the background once the process is up: it compiles the
 * default email with MJML, which token-service needs only for the template API, so start-up does
 * not wait for it — and the first template request does not either (on a loaded machine the
 * compile, then 20 of them, took longer than the RPC timeout, and that request answered 503).
 */
@Injectable()
export class LazyLinkMessageRenderer implements OnApplicationBootstrap {
  private renderer?: Promise<LinkMessageRenderer>;

  onApplicationBootstrap(): void {
    // A failure here is retried, and reported, by the first caller of get().
    this.get().catch(() => undefined);
  }

  get(): Promise<LinkMessageRenderer> {
    this.renderer ??= LinkMessageRenderer.create().catch((err: unknown) => {
      this.renderer = undefined; // let the next call try again
      throw err;
    });
    return this.renderer;
  }
}
