import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/**
 * The waiting page's live status, for browsers with script: poll this browser's request (the
 * page's own JSON, same origin, cookie-checked) and move on the moment the link is confirmed
 * elsewhere, instead of reloading the whole page every few seconds — a reload moves a screen
 * reader back to the top and interrupts typing the code. Without script the page falls back to a
 * `<noscript>` meta refresh.
 */
export const WAITING_SCRIPT_PATH = '/assets/sign-in-waiting.js';

const WAITING_SCRIPT = `(function () {
  var root = document.querySelector('[data-status-url]');
  if (!root || !window.fetch) return;
  var url = root.getAttribute('data-status-url');
  function later(ms) { setTimeout(poll, ms); }
  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { status: 'pending' }; })
      .then(function (s) {
        if (s.redirect_to) return location.replace(s.redirect_to);
        if (s.status === 'pending') return later(2000);
        location.reload();
      }, function () { later(5000); });
  }
  later(2000);
})();
`;

@ApiExcludeController()
@Controller()
export class PageAssetsController {
  @Get(WAITING_SCRIPT_PATH)
  waitingScript(@Res() reply: FastifyReply): void {
    void reply.status(200).headers({
      'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff',
    }).send(WAITING_SCRIPT);
  }
}
