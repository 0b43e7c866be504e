import { Button, Menu, Text } from '@mantine/core';
import { IconLogout, IconUser } from '@tabler/icons-react';
import { useAuth } from './AuthGate';

/** Who is signed in, and the way out. Nothing is shown when the host runs without sign-in. */
export function StaffMenu() {
  const { staff, signOut } = useAuth();
  if (!staff) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="subtle" leftSection={<IconUser size={14} />} aria-label={`Signed in as ${staff.name}`}>
          {staff.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs">Role: {staff.role}</Text>
        </Menu.Label>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
