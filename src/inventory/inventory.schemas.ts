/** Response schemas of inventory (the OpenAPI document names them). */
import { z } from 'zod';

export const stockSchema = z.object({ productId: z.uuid(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() }).meta({ id: 'StockLevel' });
