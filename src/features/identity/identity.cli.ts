import type { Command } from 'commander'
import { withContext, readSecret } from '../../cli/runtime.ts'
import { inTx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { UserCreateInput } from './identity.contract.ts'
import { createUser, setPassword } from './users.service.ts'
import { validationError } from '../../core/errors.ts'

export function identityCommands(program: Command) {
  const user = program.command('user').description('Manage users')
  user
    .command('create')
    .description('Create a user (prompts for the password, or reads it from stdin, unless --password is given)')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', 'role, e.g. admin, partner_manager, partner_admin')
    .option('--partner <id>', 'partner id (partner roles only)')
    .option('--password <password>', 'password (avoid on shared machines: it lands in shell history)')
    .action(async (o: { email: string; name: string; role: string; partner?: string; password?: string }) => {
      const password = o.password ?? (await readSecret('Password: '))
      const parsed = UserCreateInput.safeParse({ email: o.email, name: o.name, role: o.role, partnerId: o.partner, password })
      if (!parsed.success) throw validationError(parsed.error)
      const { user: created } = await withContext((ctx) => createUser(ctx, parsed.data))
      console.log(`Created ${created.role} ${created.email} (${created.id})`)
    })
  user
    .command('set-password')
    .description("Set a user's password (prompts, or reads one line from stdin); ends their sessions")
    .requiredOption('--email <email>', 'email address')
    .action(async (o: { email: string }) => {
      const password = await readSecret('New password: ')
      if (password.length < 10) throw new AppError('VALIDATION_FAILED', 'The password needs at least 10 characters')
      await withContext((ctx) =>
        inTx(ctx, async (sql) => {
          const [u] = await sql.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [o.email])
          if (!u) throw new AppError('USER_NOT_FOUND', `No user with email ${o.email}`)
          await setPassword(ctx, sql, u.id, password)
        }),
      )
      console.log(`Password set for ${o.email}`)
    })
}
