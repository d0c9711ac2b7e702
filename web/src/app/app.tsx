import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { setCsrfToken, setUnauthenticatedHandler } from '../api/api-client';
import { createQueryClient } from '../api/query-client';
import { sessionKeys } from '../features/identity/auth/auth.queries';
import { createRouter } from './router';
import { theme } from './theme';

/**
 * The providers, created once. A 401 from any request means the session is gone (expired, signed out
 * elsewhere): forgetting it here makes the session guard send the person back to the sign-in page.
 */
export function App() {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      if (client.getQueryData(sessionKeys.all)) client.setQueryData(sessionKeys.all, null);
    });
    return client;
  });
  const [router] = useState(createRouter);

  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
