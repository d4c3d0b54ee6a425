import { Injectable } from '@nestjs/common';
import { LinkMessageRenderer } from '@sesame/mail-templates';

/**
 * The LinkMessageRenderer, compiled on first use: it compiles every default template with MJML,
 * which token-service needs only for the template API, so start-up does not wait for it.
 */
@Injectable()
export class LazyLinkMessageRenderer {
  private renderer?: Promise<LinkMessageRenderer>;

  get(): Promise<LinkMessageRenderer> {
    this.renderer ??= LinkMessageRenderer.create().catch((err: unknown) => {
      this.renderer = undefined; // let the next call try again
      throw err;
    });
    return this.renderer;
  }
}
