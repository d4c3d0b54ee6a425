import type { Body, Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { pathOf } from '../paths';

export type TemplateList = Ok<'/v1/templates', 'get'>;
export type Template = Ok<'/v1/templates/{type}/{language}', 'get'>;
export type SaveTemplateParams = Body<'/v1/templates/{type}/{language}', 'put'>;
export type PreviewTemplateParams = Body<'/v1/templates/{type}/{language}/preview', 'post'>;
export type TemplatePreview = Ok<'/v1/templates/{type}/{language}/preview', 'post'>;
export type TestSendTemplateParams = Body<'/v1/templates/{type}/{language}/test-send', 'post'>;

/** `/v1/templates`: the tenant's email overrides per link type and language (scope `admin`; docs/mail.md#template-overrides). */
export class Templates {
  constructor(private readonly http: HttpClient) {}

  /** Every type × language with whether it is the default or an override. */
  list(opts?: RequestOptions): Promise<TemplateList> {
    return this.http.request({ method: 'GET', path: '/v1/templates' }, opts);
  }

  get(type: string, language: string, opts?: RequestOptions): Promise<Template> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/templates/{type}/{language}', { type, language }) }, opts);
  }

  /** Saves an override; `400 invalid_template` lists every problem in `details.issues`. */
  save(type: string, language: string, params: SaveTemplateParams, opts?: RequestOptions): Promise<Template> {
    return this.http.request({ method: 'PUT', path: pathOf('/v1/templates/{type}/{language}', { type, language }), body: params }, opts);
  }

  /** Back to the default; `404 not_found` without an override. */
  delete(type: string, language: string, opts?: RequestOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/templates/{type}/{language}', { type, language }) }, opts);
  }

  /** Renders unsaved templates (or the saved ones) with sample values. */
  preview(type: string, language: string, params: PreviewTemplateParams = {}, opts?: RequestOptions): Promise<TemplatePreview> {
    return this.http.request({ method: 'POST', path: pathOf('/v1/templates/{type}/{language}/preview', { type, language }), body: params }, opts);
  }

  /** Emails one `[Test]` message like the preview through the tenant's transport. */
  testSend(type: string, language: string, params: TestSendTemplateParams, opts?: RequestOptions): Promise<Ok<'/v1/templates/{type}/{language}/test-send', 'post'>> {
    return this.http.request({ method: 'POST', path: pathOf('/v1/templates/{type}/{language}/test-send', { type, language }), body: params }, opts);
  }
}
