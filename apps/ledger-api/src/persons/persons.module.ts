import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { ErasePersonIdentityHandler } from './erase-person-identity/erase-person-identity.handler.js';
import { ErasePersonIdentityHttpController } from './erase-person-identity/erase-person-identity.http.controller.js';
import { GetPersonHandler } from './get-person/get-person.handler.js';
import { GetPersonHttpController } from './get-person/get-person.http.controller.js';
import { RegisterPersonHandler } from './register-person/register-person.handler.js';
import { RegisterPersonHttpController } from './register-person/register-person.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [RegisterPersonHttpController, GetPersonHttpController, ErasePersonIdentityHttpController],
  providers: [RegisterPersonHandler, GetPersonHandler, ErasePersonIdentityHandler],
})
export class PersonsModule {}
