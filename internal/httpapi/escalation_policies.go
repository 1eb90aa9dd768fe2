package httpapi

func (s *Server) policiesRoutes() {}
