import { expect, type Locator, type Page } from '@playwright/test';

export interface FileToAttach {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The "Allega file" button of a composer or form, and the list of files it uploaded. */
export class AttachmentPicker {
  constructor(
    private readonly page: Page,
    private readonly scope: Locator,
  ) {}

  /** Picks the files and waits until each has uploaded (its progress bar gone, no error). */
  async attach(...files: FileToAttach[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.scope.getByRole('button', { name: 'Allega file' }).click();
    await (await chooser).setFiles(files);
    const picked = this.scope.getByRole('list', { name: 'File da inviare' });
    for (const file of files) {
      await expect(picked.getByRole('listitem').filter({ hasText: file.name })).toBeVisible();
    }
    await expect(picked.getByRole('progressbar')).toHaveCount(0);
  }
}
