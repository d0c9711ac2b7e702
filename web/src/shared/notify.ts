import { notifications } from '@mantine/notifications';

/** A short confirmation after a save; failures are shown where they happened, not in a toast. */
export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}
