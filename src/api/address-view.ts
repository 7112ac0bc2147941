import { Type } from 'typebox';

export const AddressSchema = Type.Object({
  network: Type.String(),
  ip: Type.String(),
  type: Type.Union([Type.Literal('fixed'), Type.Literal('floating')]),
});
