package httpapi

func (s *Server) schedulesRoutes() {}
