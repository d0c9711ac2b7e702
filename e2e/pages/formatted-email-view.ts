import { expect, type FrameLocator, type Locator } from '@playwright/test';

/** One email message of the timeline: its formatting in the sandboxed frame, or its text. */
export class FormattedEmailView {
  readonly frameElement: Locator;
  readonly frame: FrameLocator;
  readonly remoteImagesBanner: Locator;

  constructor(readonly message: Locator) {
    this.frameElement = message.getByTestId('formatted-email-frame');
    this.frame = message.frameLocator('[data-testid="formatted-email-frame"]');
    this.remoteImagesBanner = message.getByTestId('remote-images-blocked');
  }

  /** Whether the image with this alt text has loaded in the frame (a decoded bitmap). */
  async imageLoaded(alt: string): Promise<boolean> {
    return this.frame.getByAltText(alt).evaluate((image) => {
      // Runs in the browser: the element is an <img>.
      const { complete, naturalWidth } = image as unknown as { complete: boolean; naturalWidth: number };
      return complete && naturalWidth > 0;
    });
  }

  /** The badge of an email flag (Mailing list, Automatic reply…) in the message's email details. */
  flag(name: string): Locator {
    return this.message.locator(`[data-email-flag="${name}"]`);
  }

  async showImages(): Promise<void> {
    await this.remoteImagesBanner.getByRole('button', { name: 'Mostra immagini' }).click();
    await expect(this.remoteImagesBanner).toHaveCount(0);
  }

  async showText(): Promise<void> {
    await this.message.getByRole('button', { name: 'Mostra testo' }).click();
    await expect(this.frameElement).toHaveCount(0);
  }

  async showFormatted(): Promise<void> {
    await this.message.getByRole('button', { name: 'Mostra formattata' }).click();
    await expect(this.frameElement).toBeVisible();
  }
}
