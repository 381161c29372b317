import { Button, Group, Modal, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import { FormError } from '../../components/form-error.tsx'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../../lib/api.ts'
import { showErrors } from '../../lib/form-errors.ts'
import { internalRoles, isPartnerRole, partnerRoles, roleLabels, type Role } from '../../lib/roles.ts'
import type { Me } from '../../lib/session.ts'
import { usePartnerSearch } from './users.queries.ts'

type Values = { email: string; name: string; role: Role | null; partnerId: string | null; mode: 'invite' | 'password'; password: string }
const fields = ['email', 'name', 'role', 'partnerId', 'password']

type Props = { actor: Me; opened: boolean; onClose: () => void; onCreated: (created: Schemas['UserCreated']) => void | Promise<void> }

export function UserCreateModal({ actor, opened, onClose, onCreated }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add user" size="md">
      {opened && <UserCreateForm actor={actor} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  )
}

function UserCreateForm({ actor, onClose, onCreated }: Omit<Props, 'opened'>) {
  const external = !!actor.partnerId
  const roles = external ? partnerRoles : [...internalRoles, ...partnerRoles]
  const [error, setError] = useState<string | null>(null)
  const [partnerSearch, setPartnerSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(partnerSearch, 250)
  const form = useForm<Values>({
    initialValues: { email: '', name: '', role: external ? 'partner_user' : null, partnerId: null, mode: 'invite', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter a valid email address'),
      name: (v) => (v.trim() ? null : 'Enter the name'),
      role: (v) => (v ? null : 'Choose a role'),
      partnerId: (v, values) => (!external && values.role && isPartnerRole(values.role) && !v ? 'Choose the partner company' : null),
      password: (v, values) => (values.mode === 'password' && v.length < 10 ? 'Use at least 10 characters' : null),
    },
  })
  const needsPartner = !external && !!form.values.role && isPartnerRole(form.values.role)
  const partners = usePartnerSearch(debouncedSearch, needsPartner)

  const submit = form.onSubmit(async (v) => {
    setError(null)
    try {
      const created = unwrap(
        await api.POST('/api/users', {
          body: {
            email: v.email.trim(),
            name: v.name.trim(),
            role: v.role!,
            ...(needsPartner && v.partnerId ? { partnerId: v.partnerId } : {}),
            ...(v.mode === 'password' ? { password: v.password } : {}),
          },
        }),
      )
      await onCreated(created)
    } catch (e) {
      showErrors(e, fields, form.setErrors, setError)
    }
  })

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={error} />
        <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
        <TextInput label="Full name" required {...form.getInputProps('name')} />
        <Select label="Role" required data={roles.map((r) => ({ value: r, label: roleLabels[r] }))} {...form.getInputProps('role')} />
        {needsPartner && (
          <Select
            label="Partner company"
            required
            searchable
            placeholder="Search partners"
            searchValue={partnerSearch}
            onSearchChange={setPartnerSearch}
            filter={({ options }) => options}
            nothingFoundMessage={partners.isFetching ? 'Searching…' : 'No partner matches'}
            data={(partners.data ?? []).map((p) => ({ value: p.id, label: p.legalName }))}
            {...form.getInputProps('partnerId')}
          />
        )}
        {external ? (
          <Text size="sm" c="dimmed">
            We email them an invitation link to choose their own password. Use an address of your company's email domains.
          </Text>
        ) : (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Sign-in
            </Text>
            <SegmentedControl
              data={[
                { value: 'invite', label: 'Send an invitation link' },
                { value: 'password', label: 'Set a password now' },
              ]}
              {...form.getInputProps('mode')}
            />
          </Stack>
        )}
        {form.values.mode === 'password' && <PasswordInput label="Initial password" required {...form.getInputProps('password')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            Add user
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
