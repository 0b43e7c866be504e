import { Center, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The card a gate shows before the back office (sign-in, first start, where this workstation's data is). */
export function GateFrame({ title, width = 420, children }: { title: string; width?: number; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.1" p="md">
      <Paper withBorder shadow="sm" p="lg" w={width}>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
