import { LinkMessageRenderer } from '@sesame/mail-templates';
import { LazyLinkMessageRenderer } from './link-message-renderer.provider';

describe('LazyLinkMessageRenderer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('starts compiling when the application has booted, so the first template request finds it done', async () => {
    const compiled = {} as LinkMessageRenderer;
    const create = jest.spyOn(LinkMessageRenderer, 'create').mockResolvedValue(compiled);
    const lazy = new LazyLinkMessageRenderer();
    expect(create).not.toHaveBeenCalled();
    lazy.onApplicationBootstrap();
    expect(create).toHaveBeenCalledTimes(1);
    await expect(lazy.get()).resolves.toBe(compiled);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('leaves a failed warm-up to the first caller, which compiles again', async () => {
    const compiled = {} as LinkMessageRenderer;
    const create = jest.spyOn(LinkMessageRenderer, 'create').mockRejectedValueOnce(new Error('mjml failed')).mockResolvedValueOnce(compiled);
    const lazy = new LazyLinkMessageRenderer();
    lazy.onApplicationBootstrap();
    await new Promise((r) => setImmediate(r));
    await expect(lazy.get()).resolves.toBe(compiled);
    expect(create).toHaveBeenCalledTimes(2);
  });
});
