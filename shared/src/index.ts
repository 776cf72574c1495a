export { boardDocKeys, boardPath, type CreateBoardResponse, createBoardResponseSchema } from './board.ts'
export { isRoomId, type RoomId, roomIdSchema } from './roomId.ts'
