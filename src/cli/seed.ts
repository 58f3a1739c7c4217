// npm run seed: adds whatever records of the seed data set are missing; never overwrites data entered later.
import 'reflect-metadata';
import { SeedService } from '../seed/seed.service';
import { CliModule } from './cli.module';
import { runCli, UsageError, withAppContext } from './cli-runner';

runCli({
  usage: ['npm run seed'],
  description: 'Adds the records of the seed data set (YRD action plans) that are missing; never overwrites data entered later.',
  options: {},
  database: true,
  async run({ positionals }) {
    if (positionals.length) throw new UsageError(`seed takes no arguments (got ${positionals.join(' ')})`);
    const report = await withAppContext('seed CLI', CliModule.forRoot, (app) => app.get(SeedService).seed());
    console.log(`Seed records added: ${JSON.stringify(report)}`);
  },
});
